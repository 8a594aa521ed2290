// HTTP/2 connections at the gateway end after keepalive_requests streams (1,000,
// nginx/gateway/limits.conf, 5): a client that keeps calling moves to a new connection at
// the GOAWAY and loses nothing, and a client that opens streams only to reset them (HTTP/2
// rapid reset, CVE-2023-44487) cannot go on without end on one connection.
import { readFileSync } from "node:fs";
import { connect as http2Connect, constants, type ClientHttp2Session } from "node:http2";
import { join } from "node:path";
import { stack } from "./stack";

/** The gateway's keepalive_requests, read from nginx/gateway/limits.conf (5). */
const streamsPerConnection = Number(
  /^keepalive_requests (\d+);/m.exec(readFileSync(join(__dirname, "../../nginx/gateway/limits.conf"), "utf8"))![1],
);
/** Past one connection's streams. */
const requests = streamsPerConnection + 500;
/** In flight at once on the connection, as a busy client keeps them. */
const inFlight = 16;

function connect(): ClientHttp2Session {
  return http2Connect(stack.gatewayUrl, { ca: stack.ca, servername: "localhost" });
}

/** GET `path` on `session`; resolves with the status, or 0 if the stream ended unanswered. */
function get(session: ClientHttp2Session, path: string): Promise<number> {
  return new Promise((resolve) => {
    const stream = session.request({ ":method": "GET", ":path": path });
    let status = 0;
    stream.on("response", (headers) => (status = Number(headers[":status"])));
    stream.on("error", () => undefined);
    stream.resume();
    stream.on("close", () => resolve(status));
  });
}

describe("HTTP/2 at the gateway", () => {
  test("When a client sends 500 requests past a connection's limit, 16 in flight, Then the first connection answers its limit, a GOAWAY ends it, and the rest come on a new one", async () => {
    // The gateway's own health check: open and not rate-limited, so the count is the
    // connection's, not the rate limit's.
    const sessions: { session: ClientHttp2Session; answered: number; goaways: number[] }[] = [];
    const open = () => {
      const entry = { session: connect(), answered: 0, goaways: [] as number[] };
      entry.session.on("goaway", (code) => entry.goaways.push(code));
      entry.session.on("error", () => undefined);
      sessions.push(entry);
      return entry;
    };
    let current = open();
    const statuses = new Map<number, number>();
    try {
      let left = requests;
      const worker = async () => {
        while (left > 0) {
          left -= 1;
          let status = 0;
          // A stream the GOAWAY left unprocessed is sent again on a new connection, as
          // the typed client does (RFC 9113, 6.8).
          while (status === 0) {
            if (current.goaways.length > 0 || current.session.destroyed) current = open();
            const on = current;
            status = await get(on.session, "/healthz");
            if (status !== 0) on.answered += 1;
          }
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
      expect({
        statuses: Object.fromEntries(statuses),
        connections: sessions.map(({ answered, goaways }) => ({ answered, goaways })),
      }).toEqual({
        statuses: { 200: requests },
        connections: [
          { answered: streamsPerConnection, goaways: [constants.NGHTTP2_NO_ERROR] },
          { answered: requests - streamsPerConnection, goaways: [] },
        ],
      });
    } finally {
      for (const { session } of sessions) session.destroy();
    }
  });

  test("When a client opens streams past the limit and resets each at once (rapid reset) Then the gateway ends the connection with a GOAWAY by the limit's stream", async () => {
    const session = connect();
    session.on("error", () => undefined);
    let opened = 0;
    const goaway = new Promise<{ code: number; lastStreamId: number }>((resolve) =>
      session.on("goaway", (code, lastStreamId) => resolve({ code, lastStreamId })),
    );
    try {
      await new Promise<void>((resolve) => session.on("connect", () => resolve()));
      while (opened < requests && !session.closed && !session.destroyed) {
        const stream = session.request({ ":method": "GET", ":path": "/healthz" });
        stream.on("error", () => undefined);
        stream.close(constants.NGHTTP2_CANCEL);
        opened += 1;
        // Let the frames go out and the server's answer in, a few streams at a time.
        if (opened % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const noGoaway = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5_000).unref());
      const ended = await Promise.race([goaway, noGoaway]);
      // A client's streams have odd ids: the 1,000th is 1,999. It is the last one the
      // gateway takes, not always the one it stops at: in about one round of 20 on a
      // loaded machine nginx (1.22.1-9+deb12u12) sent this GOAWAY earlier, with no reload
      // and nothing in its log at info (seen against a native nginx as well).
      expect({ code: ended?.code, past: (ended?.lastStreamId ?? Infinity) > 2 * streamsPerConnection - 1 }).toEqual({
        code: constants.NGHTTP2_NO_ERROR,
        past: false,
      });
    } finally {
      session.destroy();
    }
  });
});
