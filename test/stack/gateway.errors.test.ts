// Every refusal nginx makes on its own is the services' JSON error shape with no-store,
// never one of nginx's HTML pages: requests no client library would send, written as
// bytes on a TLS socket (HTTP/1.1) or as single HTTP/2 streams. Where nginx gives no
// answer at all (a stalled request, an HTTP/2 header over its limit), that is asserted
// too, as nginx/gateway/errors.conf documents it.
import { randomBytes } from "node:crypto";
import { contentTypes } from "@starter/shared/core";
import { header, jsonOf, sendHttp2, sendRaw, type Reply } from "./gateway";
import { eventually, logLines, replicasOf } from "./replicas";
import { authorization, callers } from "./stack";

const auth = `Authorization: ${authorization(callers.alice)}\r\n`;

/** The whole answer, minus what varies per request (date, request id's value). */
function answer(reply: Reply | undefined) {
  if (!reply) return undefined;
  return {
    status: reply.status,
    contentType: header(reply, "content-type"),
    cacheControl: header(reply, "cache-control"),
    connection: header(reply, "connection"),
    requestId: header(reply, "x-request-id") === undefined ? "missing" : "present",
    body: reply.headers["content-type"] === "application/json" ? jsonOf(reply) : reply.body.toString("latin1"),
  };
}

/** What every refusal by the gateway looks like; over HTTP/1.1 it closes the connection after most. */
function refusal(status: number, code: string, message: string, connection?: string) {
  return {
    status,
    contentType: "application/json",
    cacheControl: "no-store",
    connection,
    requestId: "present",
    body: { code, message },
  };
}
const closing = (expected: ReturnType<typeof refusal>) => ({ ...expected, connection: "close" });

const malformed = refusal(400, "bad_request", "malformed request");
const headerTooLarge = refusal(431, "headers_too_large", "a request header over 8 KiB, or over 32 KiB of them");
const notImplemented = refusal(
  501,
  "not_implemented",
  "not supported by the gateway: a Transfer-Encoding other than chunked, TRACE or CONNECT",
);
const versionNotSupported = refusal(505, "http_version_not_supported", "HTTP/1.0, HTTP/1.1 and HTTP/2 only");
const tooLarge = refusal(413, "payload_too_large", "request body over 1 MiB");

describe("Refusals over HTTP/1.1, from raw bytes", () => {
  test.each([
    ["a request line that is not HTTP", "GARBAGE\r\n\r\n", malformed],
    ["HTTP/1.1 without Host", "GET /echo HTTP/1.1\r\n\r\n", malformed],
    ["two Host headers", "GET /echo HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", malformed],
    ["a method in lower case", "post /echo HTTP/1.1\r\nHost: x\r\n\r\n", malformed],
    ["a path above the root", "GET /../echo HTTP/1.1\r\nHost: x\r\n\r\n", malformed],
    ["a NUL byte in a header", "GET /echo HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", malformed],
    ["a header folded over two lines", "GET /echo HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", malformed],
    ["a negative Content-Length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", malformed],
    [
      "Content-Length and Transfer-Encoding together",
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      malformed,
    ],
    ["Transfer-Encoding in HTTP/1.0", "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", malformed],
    [
      "a chunk size that is not hexadecimal",
      `POST /echo HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`,
      malformed,
    ],
    ["a header of 10 KiB", `GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(10 * 1024)}\r\n\r\n`, headerTooLarge],
    [
      "headers of 42 KiB in all",
      `GET /echo HTTP/1.1\r\nHost: x\r\n${[0, 1, 2, 3, 4, 5].map((i) => `X-${i}: ${"b".repeat(7000)}\r\n`).join("")}\r\n`,
      headerTooLarge,
    ],
    [
      "a request line over 8 KiB",
      `GET /data/get?m=${"A".repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      refusal(414, "uri_too_long", "request line over 8 KiB: send the call with POST"),
    ],
    [
      "Transfer-Encoding: chunked, identity",
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n",
      notImplemented,
    ],
    ["Transfer-Encoding: gzip", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", notImplemented],
    ["the method TRACE", `TRACE /echo HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, notImplemented],
    ["HTTP/9.9", "GET /echo HTTP/9.9\r\nHost: x\r\n\r\n", versionNotSupported],
    ["HTTP/2.0 in an HTTP/1 request line", "GET /echo HTTP/2.0\r\nHost: x\r\n\r\n", versionNotSupported],
  ])(
    "When a client sends %s Then the gateway answers in JSON and closes the connection",
    async (_case, bytes, expected) => {
      expect(answer((await sendRaw(bytes)).answer)).toEqual(closing(expected));
    },
  );

  // Paths nginx would route by their normalized form but pass on as written
  // (nginx/gateway/request-paths.conf): /echo/..%2fdata would reach a data replica.
  test.each(["/echo/..%2fdata", "/echo/../data", "/data/./get", "//echo", "/%65cho", "/echo/."])(
    "When a client posts to %s, a path not in normal form, Then the gateway answers 400 in JSON and closes the connection",
    async (path) => {
      const bytes = `POST ${path} HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: 0\r\n\r\n`;
      expect(answer((await sendRaw(bytes)).answer)).toEqual(closing(malformed));
    },
  );

  test("When a chunked body grows over 1 MiB Then the gateway answers 413 in JSON", async () => {
    const chunk = (size: number) => `${size.toString(16)}\r\n${"x".repeat(size)}\r\n`;
    const bytes = `POST /echo HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: ${contentTypes.binary}\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(1024 * 1024)}${chunk(16)}0\r\n\r\n`;
    expect(answer((await sendRaw(bytes)).answer)).toEqual(closing(tooLarge));
  });

  test("When a route does not exist Then the gateway answers 404 in JSON and keeps the connection", async () => {
    const outcome = await sendRaw("GET /no/such/route HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(answer(outcome.answer)).toEqual(refusal(404, "not_found", "no such route on the gateway", "keep-alive"));
  });

  test("When a request head or body stalls Then the gateway closes the connection after 10 s without an answer (408 has no reply)", async () => {
    const [head, body] = await Promise.all([
      sendRaw("GET /echo HTTP/1.1\r\nHost: x\r\n", 20_000),
      sendRaw(
        `POST /echo HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: ${contentTypes.binary}\r\nContent-Length: 100\r\n\r\nabc`,
        20_000,
      ),
    ]);
    expect({ head, body }).toEqual({
      head: { answer: undefined, closed: true },
      body: { answer: undefined, closed: true },
    });
  });
});

describe("Refusals over HTTP/2", () => {
  const post = {
    ":method": "POST",
    ":path": "/echo",
    authorization: authorization(callers.alice),
    "content-type": contentTypes.binary,
  };

  test.each([
    ["the method TRACE", { ":method": "TRACE", ":path": "/echo" }, undefined, notImplemented],
    ["a body over 1 MiB with no Content-Length", post, Buffer.alloc(1024 * 1024 + 1), tooLarge],
    ["a body shorter than its Content-Length", { ...post, "content-length": "10" }, Buffer.alloc(5), malformed],
    ["a body longer than its Content-Length", { ...post, "content-length": "3" }, Buffer.alloc(5), malformed],
    ["a path that does not start with /", { ":method": "GET", ":path": "echo" }, undefined, malformed],
    ["a path not in normal form", { ...post, ":path": "/echo/..%2fdata" }, Buffer.alloc(0), malformed],
  ])("When a client sends %s Then the gateway answers in JSON", async (_case, headers, body, expected) => {
    const outcome = await sendHttp2(headers, body);
    expect("answer" in outcome ? answer(outcome.answer) : outcome).toEqual(expected);
  });

  // Random bytes: HPACK's Huffman code would shrink repeated letters below the limit.
  test.each([
    [
      "a header field over 8 KiB",
      { ":method": "GET", ":path": "/echo", "x-big": randomBytes(9000).toString("base64url") },
    ],
    ["a path over 8 KiB", { ":method": "GET", ":path": `/data/get?m=${randomBytes(9000).toString("base64url")}` }],
  ])(
    "When a client sends %s Then the gateway ends the connection with GOAWAY ENHANCE_YOUR_CALM, having no request to answer",
    async (_case, headers) => {
      await expect(sendHttp2(headers)).resolves.toEqual({ goaway: 0xb });
    },
  );

  test("When the gateway ends a request without any answer Then its access log line is still JSON, with status 0", async () => {
    const [gateway] = await replicasOf("gateway");
    const before = (await logLines(gateway!)).length;
    await sendHttp2({ ":method": "GET", ":path": "/echo", "x-big": randomBytes(9000).toString("base64url") });
    // logLines parses every line: one nginx wrote as `"status":000` would throw here.
    const line = await eventually(async () =>
      (await logLines(gateway!)).slice(before).find((entry) => entry["status"] === 0),
    );
    expect(line).toMatchObject({ protocol: "HTTP/2.0", identity: "", status: 0, response_bytes: 0 });
  });
});
