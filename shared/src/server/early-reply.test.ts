// No caller can make a service read a body it refused: against a service on a real
// socket, a caller declares 512 MiB (or streams chunks without end) and keeps sending, as
// long as the connection takes it, even after the server's FIN. Draining, the service
// would read megabytes within seconds; refusing, it reads a few tens of KiB and closes.
import type { Socket } from "node:net";
import { Calc } from "../core/__fixtures__/calc";
import { createCalcHandler } from "../core/__fixtures__/calc-handler";
import { encodeCall } from "../core/message";
import { createThriftService } from "../core/service";
import { captureLogs } from "./__fixtures__/log-lines";
import { head, open, parseResponse, streamBody } from "./__fixtures__/raw-http";
import { createServerApp } from "./app";
import { earlyReplyLingerBytes, earlyReplyLingerMs } from "./early-reply";
import type { RunningServer } from "./lifecycle";
import { serveForTest } from "./__fixtures__/serve";

const token = "ci-token";
const auth = `Bearer ${token}`;
const thrift = "application/x-thrift";
const huge = 512 * 1024 * 1024;
let running: RunningServer;
/** The server's side of every connection, by the caller's port. */
const accepted = new Map<number, Socket>();

beforeAll(async () => {
  const { logger } = captureLogs("silent");
  const app = createServerApp({
    services: { "/calc": createThriftService(Calc, createCalcHandler()) },
    logger,
    auth: { basicUsers: new Map(), bearerTokens: new Map([["ci", token]]), realm: "calc" },
    maxBodyBytes: 64 * 1024,
  });
  running = await serveForTest(app, logger);
  running.server.on("connection", (socket: Socket) => accepted.set(socket.remotePort!, socket));
});
afterAll(async () => {
  await running.shutdown("test over");
});

const declared = { "Content-Length": huge };
const chunked = { "Transfer-Encoding": "chunked" };

describe("a reply given before the body arrived", () => {
  test.concurrent.each([
    ["401, no credentials", "POST /calc", { "Content-Type": thrift, ...declared }, 401, "unauthenticated"],
    ["401, no credentials, chunked", "POST /calc", { "Content-Type": thrift, ...chunked }, 401, "unauthenticated"],
    ["404 from the error boundary", "POST /nowhere", { Authorization: auth, ...declared }, 404, "not_found"],
    [
      "404 from the Thrift router",
      "POST /calc/nope",
      { Authorization: auth, "Content-Type": thrift, ...declared },
      404,
      "not_found",
    ],
    [
      "405 from the Thrift router",
      "PUT /calc",
      { Authorization: auth, "Content-Type": thrift, ...declared },
      405,
      "method_not_allowed",
    ],
    [
      "413, declared over the limit",
      "POST /calc",
      { Authorization: auth, "Content-Type": thrift, ...declared },
      413,
      "payload_too_large",
    ],
    [
      "413, chunks over the limit",
      "POST /calc",
      { Authorization: auth, "Content-Type": thrift, ...chunked },
      413,
      "payload_too_large",
    ],
    [
      "415 from the Thrift router",
      "POST /calc",
      { Authorization: auth, "Content-Type": "text/plain", ...declared },
      415,
      "unsupported_media_type",
    ],
    [
      "400 for an invalid Thrift-Timeout-Ms",
      "POST /calc",
      { Authorization: auth, "Content-Type": thrift, "Thrift-Timeout-Ms": "soon", ...chunked },
      400,
      "bad_request",
    ],
    ["200 from a probe sent with a body", "GET /healthz", declared, 200, undefined],
    ["200 from a scrape sent with a body", "GET /metrics", chunked, 200, undefined],
  ])(
    "When %s Then the reply closes the connection and the rest of the body is not read",
    async (_name, line, headers, status, code) => {
      const started = performance.now();
      const { port, closed, response } = await streamBody(running.url, head(`${line} HTTP/1.1`, headers), {
        chunked: "Transfer-Encoding" in headers,
      });
      expect({ closed, status: response?.status, connection: response?.headers["connection"] }).toEqual({
        closed: true,
        status,
        connection: "close",
      });
      if (code) expect(JSON.parse(response!.body)).toMatchObject({ code });
      // Closed once the linger is over, not when the caller gives up (10 s, 8 MiB).
      expect(performance.now() - started).toBeLessThan(earlyReplyLingerMs + 3000);
      // The head, what arrived before the reply, and earlyReplyLingerBytes after it, in the
      // parser's 64 KiB reads: a few hundred KiB at most, where draining reads all that is sent.
      expect(accepted.get(port)!.bytesRead).toBeLessThan(earlyReplyLingerBytes + 3 * 64 * 1024);
    },
  );

  test("When a refused request's small body was all sent Then the connection closes as soon as the rest is read, not after the linger", async () => {
    const body = "x".repeat(100);
    const refused = head("POST /calc HTTP/1.1", { "Content-Type": thrift, "Content-Length": body.length }) + body;
    const started = performance.now();
    const connection = await open(running.url, refused);
    const text = await connection.closed;
    expect(performance.now() - started).toBeLessThan(earlyReplyLingerMs / 2);
    expect(parseResponse(text)).toMatchObject({
      status: 401,
      headers: expect.objectContaining({ connection: "close" }),
    });
  });

  test("When a request without a body is refused Then its connection stays open for the next request", async () => {
    const connection = await open(
      running.url,
      head("GET /calc/add HTTP/1.1", {}),
      head("GET /healthz HTTP/1.1", { Connection: "close" }),
    );
    const text = await connection.closed;
    expect(text.match(/HTTP\/1\.1 \d+/g)).toEqual(["HTTP/1.1 401", "HTTP/1.1 200"]);
  });

  test("When calls are answered after their bodies were read Then the connection is kept alive for the next", async () => {
    const call = encodeCall(Calc.methods.add, [1, 2], 1, "binary");
    const request = (close: boolean) =>
      head("POST /calc HTTP/1.1", {
        Authorization: auth,
        "Content-Type": thrift,
        "Content-Length": call.length,
        ...(close && { Connection: "close" }),
      });
    const connection = await open(running.url, request(false), call, request(true), call);
    const text = await connection.closed;
    expect(text.match(/HTTP\/1\.1 \d+/g)).toEqual(["HTTP/1.1 200", "HTTP/1.1 200"]);
    expect(parseResponse(text)?.headers["connection"]).toBe("keep-alive");
  });

  test("When a caller stops sending once refused Then its connection is closed without waiting out the linger", async () => {
    const connection = await open(
      running.url,
      head("POST /calc HTTP/1.1", { "Content-Type": thrift, ...declared }),
      "x".repeat(1000),
    );
    for (let i = 0; i < 500 && !parseResponse(connection.received()); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const started = performance.now();
    connection.socket.end();
    await connection.closed;
    expect(parseResponse(connection.received())?.status).toBe(401);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
