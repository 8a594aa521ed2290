// A service reached directly lets go of every connection that does not deliver: on real
// sockets, with short limits so that each case is over quickly. "Before" bounds are
// generous: they tell a deadline kept from Node's 300 s request timeout, nothing finer.
import { setTimeout as delay } from "node:timers/promises";
import { Calc } from "../core/__fixtures__/calc";
import { createCalcHandler } from "../core/__fixtures__/calc-handler";
import { encodeCall } from "../core/message";
import { createThriftService } from "../core/service";
import { captureLogs } from "./__fixtures__/log-lines";
import { exchange, head, open, parseResponse } from "./__fixtures__/raw-http";
import { createServerApp } from "./app";
import { serve, type RunningServer, type ServeOptions } from "./lifecycle";

const generous = 5000;
const token = "ci-token";
let running: RunningServer;
let lines: Record<string, unknown>[];

async function start(options: Partial<ServeOptions> = {}): Promise<void> {
  const logs = captureLogs("info");
  lines = logs.lines;
  const app = createServerApp({
    services: { "/calc": createThriftService(Calc, createCalcHandler(), { maxTimeoutMs: 300 }) },
    logger: logs.logger,
    auth: { basicUsers: new Map(), bearerTokens: new Map([["ci", token]]), realm: "calc" },
  });
  running = await serve(app, {
    host: "127.0.0.1",
    port: 0,
    keepAliveTimeoutMs: 5000,
    headersTimeoutMs: 200,
    shutdownGraceMs: 1000,
    logger: logs.logger,
    signals: [],
    ...options,
  });
}
afterEach(async () => {
  await running.shutdown("test over");
});

/** Resolves with what the server sent once it closed the connection, and how long that took. */
async function untilClosed(connection: {
  closed: Promise<string>;
}): Promise<{ response: ReturnType<typeof parseResponse>; ms: number }> {
  const started = performance.now();
  const text = await connection.closed;
  return { response: parseResponse(text), ms: performance.now() - started };
}

const requestTimeout = {
  status: 408,
  headers: expect.objectContaining({ "content-type": "application/json", connection: "close" }),
  body: '{"code":"request_timeout","message":"The request did not arrive in time"}',
};

describe("a request head that does not arrive", () => {
  test("When a new connection sends nothing Then 408 in JSON and it is closed, at the head timeout", async () => {
    await start();
    const { response, ms } = await untilClosed(await open(running.url));
    expect(response).toEqual(requestTimeout);
    expect(ms).toBeLessThan(generous);
    expect(lines).toContainEqual(expect.objectContaining({ msg: "request refused by the HTTP parser", status: 408 }));
  });

  test("When a head stops halfway Then 408 in JSON and the connection is closed", async () => {
    await start();
    const { response, ms } = await untilClosed(await open(running.url, "POST /calc HTTP/1.1\r\nHost: x\r\nContent-Ty"));
    expect(response).toEqual(requestTimeout);
    expect(ms).toBeLessThan(generous);
  });

  test("When a new connection waits, then trickles its first head Then 408 at the head timeout from the connection", async () => {
    await start({ headersTimeoutMs: 500 });
    const connection = await open(running.url);
    const started = performance.now();
    // Just under the timeout of silence, then a byte every 20 ms: Node alone would time
    // the head from its first byte, and answer only at twice the timeout (950 ms or later).
    await delay(450);
    const bytes = `POST /calc HTTP/1.1\r\nHost: x\r\nX-Slow: ${"a".repeat(100)}`;
    let sent = 0;
    const trickle = setInterval(() => connection.socket.writable && connection.socket.write(bytes[sent++] ?? "a"), 20);
    try {
      const text = await connection.closed;
      const ms = performance.now() - started;
      expect({ response: parseResponse(text), beforeTwiceTheTimeout: ms < 900 }).toEqual({
        response: requestTimeout,
        beforeTwiceTheTimeout: true,
      });
    } finally {
      clearInterval(trickle);
    }
  });

  test("When a keep-alive connection idles past the head timeout Then its next request is still answered", async () => {
    await start();
    const connection = await open(running.url, head("GET /healthz HTTP/1.1", {}));
    // Three head timeouts of idling, checks included: a head timer running while idle would fire.
    await delay(600);
    connection.socket.write(head("GET /healthz HTTP/1.1", { Connection: "close" }));
    const text = await connection.closed;
    expect(text.match(/HTTP\/1\.1 \d+/g)).toEqual(["HTTP/1.1 200", "HTTP/1.1 200"]);
  });

  test("When a head is larger than Node accepts Then 431 in JSON", async () => {
    await start();
    const response = await exchange(running.url, head("GET /healthz HTTP/1.1", { "X-Big": "x".repeat(20_000) }));
    expect(response).toEqual({
      status: 431,
      headers: expect.objectContaining({ "content-type": "application/json", connection: "close" }),
      body: '{"code":"headers_too_large","message":"The request head is too large"}',
    });
  });
});

describe("requests Node would refuse on its own, or let through, answered in JSON", () => {
  const closing = (status: number, code: string, message: string) => ({
    status,
    headers: expect.objectContaining({
      "content-type": "application/json",
      connection: "close",
      "cache-control": "no-store",
    }),
    body: JSON.stringify({ code, message }),
  });

  test.each([
    [
      "an HTTP/1.1 request without Host",
      "GET /healthz HTTP/1.1\r\n\r\n",
      closing(400, "bad_request", "An HTTP/1.1 request must carry a Host header"),
    ],
    [
      "a request with two Host fields",
      "GET /healthz HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n",
      closing(400, "bad_request", "A request must carry at most one Host header"),
    ],
    [
      "a request with two Authorization fields",
      "GET /healthz HTTP/1.1\r\nHost: x\r\nAuthorization: Basic YTpi\r\nAUTHORIZATION: Basic YzpkZA==\r\n\r\n",
      closing(400, "bad_request", "A request must carry at most one Authorization header"),
    ],
    [
      "a request with two Content-Type fields",
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-thrift\r\ncontent-type: application/vnd.apache.thrift.json\r\nContent-Length: 0\r\n\r\n",
      closing(400, "bad_request", "A request must carry at most one Content-Type header"),
    ],
    [
      "an Expect other than 100-continue",
      "GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n",
      closing(417, "expectation_failed", "Only Expect: 100-continue is supported"),
    ],
    [
      "HTTP/2.0 in an HTTP/1 request line",
      "GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n",
      closing(505, "http_version_not_supported", "HTTP/1.0 and HTTP/1.1 only"),
    ],
    [
      "HTTP/0.9 in a request line, without Host",
      "GET /healthz HTTP/0.9\r\n\r\n",
      closing(505, "http_version_not_supported", "HTTP/1.0 and HTTP/1.1 only"),
    ],
    [
      "a Transfer-Encoding of gzip, then chunked",
      "POST /calc HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
      closing(501, "not_implemented", "A Transfer-Encoding other than chunked is not supported"),
    ],
    [
      "Transfer-Encoding in an HTTP/1.0 request",
      "POST /calc HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      closing(400, "bad_request", "An HTTP/1.0 request cannot carry Transfer-Encoding"),
    ],
    [
      "CONNECT",
      "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n",
      closing(501, "not_implemented", "CONNECT is not supported: a service is not a proxy"),
    ],
  ])("When %s comes Then it is answered in JSON and the connection is closed", async (_, request, expected) => {
    await start();
    expect(await exchange(running.url, request)).toEqual(expected);
  });

  test("When an HTTP/1.0 request has no Host Then it is answered as ever", async () => {
    await start();
    expect(await exchange(running.url, "GET /healthz HTTP/1.0\r\n\r\n")).toMatchObject({ status: 200 });
  });

  test("When a chunked body's Transfer-Encoding is spelled with other case or a tab before it Then it is read as chunked", async () => {
    await start();
    const call = encodeCall(Calc.methods.add, [1, 2], 1, "binary");
    const chunked = `${call.length.toString(16)}\r\n${call.toString("latin1")}\r\n0\r\n\r\n`;
    const statuses = [];
    for (const coding of ["Chunked", "\tchunked"]) {
      const request = `POST /calc HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\nContent-Type: application/vnd.apache.thrift.binary\r\nTransfer-Encoding:${coding}\r\n\r\n`;
      statuses.push((await exchange(running.url, request, Buffer.from(chunked, "latin1")))?.status);
    }
    expect(statuses).toEqual([200, 200]);
  });
});

describe("a caller that waits for 100 Continue before sending its body", () => {
  const call = encodeCall(Calc.methods.add, [1, 2], 1, "binary");
  const waiting = (path: string, headers: Record<string, string | number> = {}) =>
    head(`POST ${path} HTTP/1.1`, {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/vnd.apache.thrift.binary",
      "Content-Length": call.length,
      Expect: "100-continue",
      ...headers,
    });

  test.each([
    ["no valid credentials", waiting("/calc", { Authorization: "Bearer wrong" }), 401],
    ["a method the service does not have", waiting("/calc/nothing"), 404],
    ["a body declared over the limit", waiting("/calc", { "Content-Length": 2 ** 21 }), 413],
    ["a content type that is not Thrift", waiting("/calc", { "Content-Type": "text/plain" }), 415],
  ])("When its call has %s Then the refusal comes without a 100 Continue before it", async (_, request, status) => {
    await start();
    const text = await (await open(running.url, request)).closed;
    expect({ first: text.slice(0, text.indexOf("\r\n")), status: parseResponse(text)?.status }).toEqual({
      first: expect.not.stringContaining(" 100 "),
      status,
    });
  });

  test("When its call passes the checks Then it is asked for the body, and the call is answered", async () => {
    await start();
    const connection = await open(running.url, waiting("/calc"));
    const started = performance.now();
    while (!connection.received().includes("\r\n\r\n") && performance.now() - started < generous) await delay(5);
    expect(connection.received()).toBe("HTTP/1.1 100 Continue\r\n\r\n");
    connection.socket.write(call);
    while (parseResponse(connection.received().slice(25)) === undefined && performance.now() - started < generous) {
      await delay(5);
    }
    expect(parseResponse(connection.received().slice(25))).toMatchObject({
      status: 200,
      headers: expect.objectContaining({ "content-type": "application/vnd.apache.thrift.binary" }),
    });
    connection.socket.destroy();
  });
});

describe("bytes that are not HTTP after a request on the same connection", () => {
  const call = encodeCall(Calc.methods.add, [1, 2], 1, "binary");
  const post = (path: string, length: number) =>
    head(`POST ${path} HTTP/1.1`, {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/vnd.apache.thrift.binary",
      "Content-Length": length,
    });
  const malformed = {
    status: 400,
    headers: expect.objectContaining({ "content-type": "application/json", connection: "close" }),
    body: '{"code":"bad_request","message":"Malformed HTTP request"}',
  };

  /** Every response in `text`, in order. */
  function responses(text: string): ReturnType<typeof parseResponse>[] {
    const all = [];
    for (let rest = text; rest.length > 0; ) {
      const response = parseResponse(rest);
      if (response === undefined) break;
      all.push(response);
      const end = rest.indexOf("\r\n\r\n") + 4 + Number(response.headers["content-length"] ?? 0);
      rest = rest.slice(end);
    }
    return all;
  }

  test("When a call is followed by bytes no request starts with Then the call's reply comes first, then the JSON 400, and the connection is closed", async () => {
    await start();
    const connection = await open(
      running.url,
      Buffer.concat([Buffer.from(post("/calc", call.length)), call, Buffer.from("\x00\r\n\r\n")]),
    );
    const [reply, refusal, ...more] = responses(await connection.closed);
    expect({ status: reply?.status, type: reply?.headers["content-type"], more }).toEqual({
      status: 200,
      type: "application/vnd.apache.thrift.binary",
      more: [],
    });
    expect(refusal).toEqual(malformed);
    expect(lines).toContainEqual(expect.objectContaining({ msg: "call", method: "add", status: 200 }));
  });

  test("When a body is longer than its Content-Length Then the request's own answer is sent whole, and closes the connection", async () => {
    await start();
    const connection = await open(running.url, post("/calc/nothing", 3), "x".repeat(50));
    const all = responses(await connection.closed);
    // An answer given before the body was read closes the connection itself: the bytes
    // after the body are never read as a request.
    expect(all.map((response) => [response?.status, response?.headers["connection"]])).toEqual([[404, "close"]]);
    expect(all[0]?.body).toBe('{"code":"not_found","message":"Service Calc has no method nothing"}');
  });

  test("When two calls are pipelined before the bytes Then both are answered, in order, before the 400", async () => {
    await start();
    const request = Buffer.concat([Buffer.from(post("/calc", call.length)), call]);
    const connection = await open(running.url, Buffer.concat([request, request, Buffer.from("BAD\r\n\r\n")]));
    const all = responses(await connection.closed);
    expect(all.map((response) => response?.status)).toEqual([200, 200, 400]);
  });
});

describe("a request body that does not arrive by the call's deadline", () => {
  const body = encodeCall(Calc.methods.add, [1, 2], 1, "binary");
  function stalled(path: string, headers: Record<string, string | number> = {}) {
    const fields = {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/x-thrift",
      "Content-Length": 100,
      ...headers,
    };
    return [head(`POST ${path} HTTP/1.1`, fields), body.subarray(0, 10)];
  }

  test.each([
    ["its Thrift-Timeout-Ms", "/calc", { "Thrift-Timeout-Ms": 200 }, undefined, 200],
    ["the timeout_ms of the method its path names", "/calc/wait", {}, "wait", 50],
    ["the service's maxTimeoutMs, when nothing else says", "/calc", {}, undefined, 300],
  ])(
    "When the body stalls, the deadline being %s, Then 504 in JSON at the deadline, and the connection is closed",
    async (_name, path, headers, method, timeoutMs) => {
      await start({ headersTimeoutMs: 10_000 });
      const { response, ms } = await untilClosed(await open(running.url, ...stalled(path, headers)));
      expect(response).toEqual({
        status: 504,
        headers: expect.objectContaining({
          "content-type": "application/json",
          connection: "close",
          "cache-control": "no-store",
        }),
        body: JSON.stringify({
          code: "deadline_exceeded",
          message: `The request body did not arrive within the call's deadline of ${timeoutMs} ms`,
        }),
      });
      expect(ms).toBeLessThan(generous);
      expect(lines).toContainEqual(
        expect.objectContaining({ msg: "call timed out", status: 504, outcome: "timeout", ...(method && { method }) }),
      );
    },
  );

  test("When the body arrives in pieces before the deadline Then the call is answered", async () => {
    await start({ headersTimeoutMs: 10_000 });
    const fields = {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/x-thrift",
      "Content-Length": body.length,
      Connection: "close",
    };
    const connection = await open(running.url, head("POST /calc HTTP/1.1", fields), body.subarray(0, 5));
    await delay(20);
    connection.socket.write(body.subarray(5));
    expect((await untilClosed(connection)).response?.status).toBe(200);
  });
});

describe("the number of connections", () => {
  test("When maxConnections are open Then one more is closed at once, logged, and a freed place is taken again", async () => {
    await start({ maxConnections: 2, headersTimeoutMs: 10_000 });
    const first = await open(running.url);
    const second = await open(running.url);
    // The server has both once it answers on them.
    for (const connection of [first, second]) connection.socket.write(head("GET /healthz HTTP/1.1", {}));
    for (let i = 0; i < 200 && !(first.received() && second.received()); i++) await delay(10);

    const third = await open(running.url, head("GET /healthz HTTP/1.1", {}));
    expect(await third.closed).toBe("");
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: "connection limit reached: new connections closed",
        maxConnections: 2,
        dropped: 1,
      }),
    );

    first.socket.destroy();
    for (let i = 0; i < 200 && (await connections()) >= 2; i++) await delay(10);
    expect((await exchange(running.url, head("GET /healthz HTTP/1.1", { Connection: "close" })))?.status).toBe(200);
    second.socket.destroy();
  });
});

function connections(): Promise<number> {
  return new Promise((resolve, reject) =>
    running.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}
