// No caller can hold a service reading a body it refused, and every caller gets the
// refusal: against a service on a real socket, a caller declares 512 MiB (or streams
// chunks without end) and keeps sending, slowly, as long as the connection takes it, even
// after the server's FIN. Draining as Node does, the service would keep the connection
// for as long as the caller sends; lingering, it closes after earlyReplyLingerMs. A caller
// that writes its whole body before reading, as Python's, Java's and C++'s clients do,
// reads the refusal rather than a reset.
import { connect } from "node:net";
import { Calc } from "../core/__fixtures__/calc";
import { createCalcHandler } from "../core/__fixtures__/calc-handler";
import { encodeCall } from "../core/message";
import { createThriftService } from "../core/service";
import { captureLogs } from "./__fixtures__/log-lines";
import { head, open, parseResponse, streamBody } from "./__fixtures__/raw-http";
import { createServerApp } from "./app";
import { earlyReplyLingerMs } from "./early-reply";
import type { RunningServer } from "./lifecycle";
import { serveForTest } from "./__fixtures__/serve";

const token = "ci-token";
const auth = `Bearer ${token}`;
const thrift = "application/x-thrift";
const huge = 512 * 1024 * 1024;
let running: RunningServer;

beforeAll(async () => {
  const { logger } = captureLogs("silent");
  const app = createServerApp({
    services: { "/calc": createThriftService(Calc, createCalcHandler()) },
    logger,
    auth: { basicUsers: new Map(), bearerTokens: new Map([["ci", token]]), realm: "calc" },
    maxBodyBytes: 64 * 1024,
  });
  running = await serveForTest(app, logger);
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
    "When %s Then the reply closes the connection once the linger is over",
    async (_name, line, headers, status, code) => {
      const started = performance.now();
      const { closed, response } = await streamBody(running.url, head(`${line} HTTP/1.1`, headers), {
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
    },
  );

  test.each([
    ["declared", 401, "unauthenticated", {}],
    ["declared", 413, "payload_too_large", { Authorization: auth }],
    ["chunked", 401, "unauthenticated", {}],
    ["chunked", 413, "payload_too_large", { Authorization: auth }],
  ])(
    "When a caller writes a whole %s body of 32 MiB before it reads Then the write succeeds and it reads the %d",
    async (framing, status, code, credentials) => {
      const size = 32 * 1024 * 1024;
      const body = Buffer.alloc(size, "x");
      const request =
        framing === "chunked"
          ? Buffer.concat([
              Buffer.from(head("POST /calc HTTP/1.1", { "Content-Type": thrift, ...chunked, ...credentials })),
              Buffer.from(`${size.toString(16)}\r\n`),
              body,
              Buffer.from("\r\n0\r\n\r\n"),
            ])
          : Buffer.concat([
              Buffer.from(
                head("POST /calc HTTP/1.1", { "Content-Type": thrift, "Content-Length": size, ...credentials }),
              ),
              body,
            ]);
      const { written, text } = await writeThenRead(running.url, request);
      const response = parseResponse(text);
      expect({ written, status: response?.status, connection: response?.headers["connection"] }).toEqual({
        written: "written",
        status,
        connection: "close",
      });
      expect(JSON.parse(response!.body)).toMatchObject({ code });
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

/**
 * A caller as Python's http.client is: it reads nothing until its whole request was
 * written (the answer waits in its kernel's buffer), then reads until the server closes.
 */
async function writeThenRead(url: string, request: Buffer): Promise<{ written: string; text: string }> {
  const { hostname, port } = new URL(url);
  const socket = connect({ port: Number(port), host: hostname });
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  socket.pause();
  socket.on("error", () => {});
  const written = await new Promise<string>((resolve) =>
    socket.write(request, (error) =>
      resolve(error ? ((error as NodeJS.ErrnoException).code ?? error.message) : "written"),
    ),
  );
  let text = "";
  socket.on("data", (data: Buffer) => (text += data.toString("latin1")));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.resume();
  await closed;
  return { written, text };
}
