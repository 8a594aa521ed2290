// Against a service on a real socket, every kind of failing request, each carrying
// credentials in Authorization, Cookie and Proxy-Authorization: the captured log must hold
// none of them, no raw request bytes, and no line over 4 KiB.
import { setTimeout as delay } from "node:timers/promises";
import type { CallContext } from "../core/definition";
import { Calc } from "../core/__fixtures__/calc";
import { createCalcHandler } from "../core/__fixtures__/calc-handler";
import { encodeCall } from "../core/message";
import { createThriftService } from "../core/service";
import { captureLogs } from "./__fixtures__/log-lines";
import { exchange, head, open } from "./__fixtures__/raw-http";
import { createServerApp } from "./app";
import type { RunningServer } from "./lifecycle";
import { serveForTest } from "./__fixtures__/serve";

const password = "lovelace-pw-1815";
const basic = `Basic ${Buffer.from(`ada:${password}`).toString("base64")}`;
const wrongPassword = "wrong-pw-secret-42";
const wrongBasic = `Basic ${Buffer.from(`ada:${wrongPassword}`).toString("base64")}`;
const cookie = "session=cookie-secret-77";
const proxyAuthorization = "Bearer proxy-secret-99";
/** Every secret the requests carry, and the forms it could be logged in. */
const secrets = [password, wrongPassword, "cookie-secret-77", "proxy-secret-99", basic.slice(6), wrongBasic.slice(6)];
const credentialHeaders = { Authorization: basic, Cookie: cookie, "Proxy-Authorization": proxyAuthorization };
const marker = "RAW-BODY-MARKER";

const { logger, text: logText } = captureLogs("debug");
const handler = createCalcHandler();
/** Errors whose messages quote the credentials and which carry the call's context, headers and bytes. */
function leakyError(context: CallContext): Error {
  const message = `upstream refused Authorization: ${String(context.headers["authorization"])}; ${cookie}; postgres://admin:${password}@db`;
  return Object.assign(new Error(message), {
    context,
    headers: context.headers,
    request: { headers: { ...context.headers } },
    rawPacket: Buffer.from(`POST /calc HTTP/1.1\r\nAuthorization: ${basic}\r\n\r\n${marker}`),
    cause: new Error(`retried with ${proxyAuthorization}`, { cause: new Error("x".repeat(100_000)) }),
  });
}
handler.add = async (_a, _b, context) => {
  throw leakyError(context);
};
handler.divide = async () => {
  throw new AggregateError([new Error(`Cookie: ${cookie}`), new Error("y".repeat(50_000))], "z".repeat(50_000));
};
handler.record = async (_event, context) => {
  throw leakyError(context);
};

let running: RunningServer;
beforeAll(async () => {
  const app = createServerApp({
    services: { "/calc": createThriftService(Calc, handler) },
    logger,
    auth: { basicUsers: new Map([["ada", password]]), bearerTokens: new Map(), realm: "calc" },
    maxBodyBytes: 64 * 1024,
  });
  running = await serveForTest(app, logger);
});
afterAll(async () => {
  await running.shutdown("test over");
});

function call(name: keyof typeof Calc.methods, args: unknown[]): Buffer {
  return encodeCall(Calc.methods[name], args, 1, "binary");
}

function post(body: Buffer | string, headers: Record<string, string | number> = {}): (string | Buffer)[] {
  const length = Buffer.byteLength(body);
  const fields = {
    ...credentialHeaders,
    "Content-Type": "application/x-thrift",
    "Content-Length": length,
    Connection: "close",
    ...headers,
  };
  return [head("POST /calc HTTP/1.1", fields), body];
}

/** Waits until a line with `message` was logged (bounded), and returns the lines written since `from`. */
async function linesUntil(message: string, from: number): Promise<string[]> {
  for (let i = 0; i < 200 && !logText.slice(from).some((line) => line.includes(`"msg":"${message}`)); i++)
    await delay(10);
  return logText.slice(from);
}

/** The log is clean: no secret in any form, no byte array, no marker of the raw body, no line over 4 KiB. */
function expectClean(lines: string[]): void {
  for (const line of lines) {
    for (const secret of secrets) expect(line).not.toContain(secret);
    expect(line).not.toContain(marker);
    expect(line).not.toMatch(/(\d{1,3},){16}/);
    expect(Buffer.byteLength(line)).toBeLessThan(4096);
  }
}

describe("what a service logs about failing requests", () => {
  test("When Node's parser refuses a chunked body sent with the head Then the JSON 400 is logged with the error's code and reason, and without the raw packet", async () => {
    const from = logText.length;
    const fields = { ...credentialHeaders, "Content-Type": "application/x-thrift", "Transfer-Encoding": "chunked" };
    const response = await exchange(
      running.url,
      `${head("POST /calc HTTP/1.1", fields)}zz\r\n${marker}${"A".repeat(60_000)}\r\n`,
    );
    expect(response).toMatchObject({ status: 400, body: '{"code":"bad_request","message":"Malformed HTTP request"}' });
    const lines = await linesUntil("request refused by the HTTP parser", from);
    expectClean(lines);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({
        level: 30,
        status: 400,
        msg: "request refused by the HTTP parser",
        code: "HPE_INVALID_CHUNK_SIZE",
        reason: "Invalid character in chunk size",
      }),
    );
  });

  test("When Node's parser refuses a chunk after the head was taken Then no line carries the packet either", async () => {
    const from = logText.length;
    const fields = { ...credentialHeaders, "Content-Type": "application/x-thrift", "Transfer-Encoding": "chunked" };
    const connection = await open(running.url, head("POST /calc HTTP/1.1", fields));
    await delay(50);
    connection.socket.write(`zz\r\n${marker}${basic}\r\n`);
    await connection.closed;
    expectClean(await linesUntil("request refused by the HTTP parser", from));
  });

  test.each([
    ["an undecodable body (400)", post(`${marker}${basic}`), 400, "call"],
    ["wrong credentials (401)", post(call("add", [1, 2]), { Authorization: wrongBasic }), 401, "request refused"],
    ["a body over the limit (413)", post(Buffer.alloc(70 * 1024, marker)), 413, "call"],
    ["an unsupported content type (415)", post(call("add", [1, 2]), { "Content-Type": "text/plain" }), 415, "call"],
    ["a handler that throws the credentials, the context and raw bytes", post(call("add", [1, 2])), 200, "call failed"],
    ["a handler that throws huge messages", post(call("divide", [1, 2])), 200, "call failed"],
  ])(
    "When a request fails with %s Then its log lines hold no credential, no raw bytes and no long line",
    async (_name, chunks, status, message) => {
      const from = logText.length;
      expect((await exchange(running.url, ...chunks))?.status).toBe(status);
      const lines = await linesUntil(message, from);
      expect(lines.length).toBeGreaterThan(0);
      expectClean(lines);
    },
  );

  test("When a handler throws the credentials Then the line keeps the error's shape with them redacted", async () => {
    const from = logText.length;
    await exchange(running.url, ...post(call("add", [1, 2])));
    const [line] = (await linesUntil("call failed", from)).map(
      (text) => JSON.parse(text) as { err: Record<string, unknown> },
    );
    expect(line?.err).toMatchObject({
      type: "Error",
      message: "upstream refused Authorization: [redacted]",
      context: "[HandlerContext]",
      headers: expect.objectContaining({
        authorization: "[redacted]",
        cookie: "[redacted]",
        "proxy-authorization": "[redacted]",
      }),
      rawPacket: expect.stringMatching(/^\[Buffer: \d+ bytes\]$/),
      cause: expect.objectContaining({
        message: "retried with Bearer [redacted]",
        cause: expect.objectContaining({ type: "Error" }),
      }),
    });
  });

  test("When a oneway handler fails after its answer Then the failure is a log line, as clean as the others", async () => {
    const from = logText.length;
    expect((await exchange(running.url, ...post(call("record", ["event"]))))?.status).toBe(200);
    const lines = await linesUntil("oneway call failed", from);
    expect(lines.some((line) => line.includes('"msg":"oneway call failed"'))).toBe(true);
    expectClean(lines);
  });
});
