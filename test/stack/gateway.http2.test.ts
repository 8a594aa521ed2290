// HTTP/2 connections at the gateway live long: a typed client with `http2: true` sends
// every call on one connection, thousands a second. nginx's default keepalive_requests
// (1,000) ended such a connection with a GOAWAY every 1,000 requests: a new TLS
// handshake each time and the streams in flight retried (nginx/gateway/limits.conf, 5).
import { connect as http2Connect, type ClientHttp2Session } from "node:http2";
import { stack } from "./stack";

/** Past nginx's default (1,000), well below the gateway's keepalive_requests (nginx/gateway/limits.conf). */
const requests = 1_500;
/** In flight at once on the connection, as a busy client keeps them. */
const streams = 16;

/** GET `path` on `session`; resolves with the status. */
function get(session: ClientHttp2Session, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ":method": "GET", ":path": path });
    let status = 0;
    stream.on("response", (headers) => (status = Number(headers[":status"])));
    stream.on("error", reject);
    stream.resume();
    stream.on("close", () =>
      status === 0 ? reject(new Error(`stream closed, code ${stream.rstCode}`)) : resolve(status),
    );
  });
}

describe("HTTP/2 at the gateway", () => {
  test("When a client sends 1,500 requests on one HTTP/2 connection Then all are answered on it, with no GOAWAY", async () => {
    const session = http2Connect(stack.gatewayUrl, { ca: stack.ca, servername: "localhost" });
    const goaways: number[] = [];
    session.on("goaway", (code) => goaways.push(code));
    const statuses = new Map<number, number>();
    try {
      let sent = 0;
      // The gateway's own health check: open and not rate-limited, so the count is the
      // connection's, not the rate limit's.
      const worker = async () => {
        while (sent < requests) {
          sent += 1;
          const status = await get(session, "/healthz");
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: streams }, worker));
      expect({ statuses: Object.fromEntries(statuses), goaways, open: !session.closed && !session.destroyed }).toEqual({
        statuses: { 200: requests },
        goaways: [],
        open: true,
      });
    } finally {
      session.destroy();
    }
  });
});
