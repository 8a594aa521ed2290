// How each failure reaches the caller: HTTP errors, bodies that are no Thrift reply,
// connection failures and declared exceptions each reject with their own error class.
import type { Writable } from "node:stream";
import { Thrift } from "thrift";
import {
  ApplicationError,
  ClientError,
  createClient,
  HttpStatusError,
  ProtocolError,
  TransportError,
  type ClientOptions,
} from "@starter/shared/client";
import { contentTypes, createWriter, encodeApplicationException, encodeCall, encodeReply } from "@starter/shared/core";
import { closeAll, track } from "./__fixtures__/resources";
import {
  replyApplicationException,
  replyJson,
  replyThrift,
  sendBody,
  sendChunks,
  sendStatus,
} from "./__fixtures__/replies";
import { startServer, type Response, type Script } from "./__fixtures__/servers";
import { Store } from "./__fixtures__/store";

afterEach(closeAll);

async function serve(script: Script, options: Partial<ClientOptions> = {}) {
  const server = track(await startServer(script));
  const client = track(createClient(Store, { url: `${server.url}/store`, retry: { baseDelayMs: 1 }, ...options }));
  return { server, client };
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
}

describe("failures", () => {
  it("When the server answers an HTTP error with a JSON body Then the call rejects with its status, code and message", async () => {
    const { client } = await serve((_exchange, response) =>
      replyJson(response, 413, { code: "payload_too_large", message: "Body over 1 MiB" }),
    );

    const error = await failure(client.add("k", 1));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toBeInstanceOf(ClientError);
    expect({ ...(error as HttpStatusError), message: (error as Error).message }).toEqual({
      name: "HttpStatusError",
      code: "http_status",
      status: 413,
      serverCode: "payload_too_large",
      retryAfterMs: undefined,
      message: "HTTP 413: Body over 1 MiB",
    });
  });

  it.each([
    ["an HTML page", "text/html", "<html><body>502 Bad Gateway</body></html>"],
    ["malformed JSON", "application/json", "{not json"],
    ["a JSON string", "application/json", '"oops"'],
  ])("When a proxy answers 502 with %s Then the call rejects with the status alone", async (_, type, body) => {
    const { client } = await serve((_exchange, response) => sendBody(response, 502, type, Buffer.from(body)), {
      retry: { maxAttempts: 1 },
    });

    await expect(failure(client.add("k", 1))).resolves.toMatchObject({
      status: 502,
      serverCode: undefined,
      message: "HTTP 502",
    });
  });

  it("When a 200 body is not a Thrift reply Then the call rejects with a ProtocolError", async () => {
    const { client } = await serve((_exchange, response) =>
      sendBody(response, 200, "text/html", Buffer.from("<html>welcome</html>")),
    );

    const error = await failure(client.add("k", 1));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({
      code: "protocol",
      message: expect.stringMatching(/^Invalid reply to add \(content-type text\/html\): /),
    });
  });

  it("When a 200 body is empty Then the call rejects with a ProtocolError", async () => {
    const { client } = await serve((_exchange, response) =>
      sendBody(response, 200, contentTypes.binary, Buffer.alloc(0)),
    );

    await expect(failure(client.add("k", 1))).resolves.toMatchObject({
      code: "protocol",
      message: `Invalid reply to add (content-type ${contentTypes.binary}): Unexpected end of message`,
    });
  });

  it("When the reply claims a huge string Then decoding stops at the limit instead of allocating it", async () => {
    // A reply to `get` whose success string claims 2 GiB - 1 bytes, and ends there.
    const writer = createWriter("binary");
    writer.protocol.writeMessageBegin("get", Thrift.MessageType.REPLY, 0);
    writer.protocol.writeFieldBegin("success", Thrift.Type.STRING, 0);
    writer.protocol.writeI32(0x7fffffff);
    const body = writer.toBuffer();
    const { client } = await serve((_exchange, response) => sendBody(response, 200, contentTypes.binary, body));

    await expect(failure(client.get("k"))).resolves.toMatchObject({
      code: "protocol",
      message: expect.stringContaining("String size 2147483647 exceeds the limit"),
    });
  });

  it("When the server answers with a TApplicationException Then the call rejects with an ApplicationError", async () => {
    const { client } = await serve((exchange, response) =>
      replyApplicationException(exchange, response, Thrift.TApplicationExceptionType.INTERNAL_ERROR, "Internal error"),
    );

    const error = await failure(client.add("k", 1));
    expect(error).toBeInstanceOf(ApplicationError);
    expect(error).toMatchObject({ name: "ApplicationError", code: "application", type: 6, message: "Internal error" });
  });

  it.each([
    [
      "another method",
      encodeReply(Store.methods.put!, 0, "binary", { kind: "success", value: undefined }),
      "Expected a reply to add, got put",
    ],
    [
      "another method's exception",
      encodeApplicationException("put", 0, 6, "Internal error", "binary"),
      "Expected a reply to add, got put",
    ],
    [
      "another seqid",
      encodeReply(Store.methods.add!, 7, "binary", { kind: "success", value: 1 }),
      "Expected a reply with seqid 0, got 7",
    ],
    [
      "a call, not a reply",
      encodeCall(Store.methods.add!, ["k", 1], 0, "binary"),
      "Expected a reply, got message type 1",
    ],
    ["a oneway call", encodeCall(Store.methods.notify!, ["m"], 0, "binary"), "Expected a reply, got message type 4"],
  ])("When the answer is %s Then the call rejects with a ProtocolError saying so", async (_, body, problem) => {
    const { client } = await serve((_exchange, response) => sendBody(response, 200, contentTypes.binary, body));

    const error = await failure(client.add("k", 1));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({
      code: "protocol",
      message: `Invalid reply to add (content-type ${contentTypes.binary}): ${problem}`,
    });
  });

  it("When a GET call's reply carries another seqid Then the call rejects with a ProtocolError", async () => {
    const body = encodeReply(Store.methods.get!, 1, "compact", { kind: "success", value: "v" });
    const { server, client } = await serve(
      (_exchange, response) => sendBody(response, 200, contentTypes.compact, body),
      { protocol: "compact" },
    );

    await expect(failure(client.get("k"))).resolves.toMatchObject({
      code: "protocol",
      message: expect.stringContaining("Expected a reply with seqid 0, got 1"),
    });
    expect(server.exchanges.map((exchange) => exchange.method)).toEqual(["GET"]);
  });

  it.each([
    ["declares it", (response: Response) => sendBody(response, 200, contentTypes.binary, Buffer.alloc(2048))],
    [
      "streams it",
      (response: Response) => sendChunks(response, contentTypes.binary, [Buffer.alloc(1024), Buffer.alloc(1024)]),
    ],
  ])(
    "When a reply is over maxReplyBytes and the server %s Then the call rejects and the next call succeeds",
    async (_, answer) => {
      let calls = 0;
      const { client } = await serve(
        (exchange, response) =>
          calls++ === 0 ? answer(response) : replyThrift(exchange, response, { kind: "success", value: 2 }),
        { maxReplyBytes: 1000, maxConnections: 1 },
      );

      await expect(failure(client.add("k", 1))).resolves.toMatchObject({
        code: "protocol",
        message: "The reply is larger than maxReplyBytes (1000 bytes)",
      });
      await expect(client.add("k", 1)).resolves.toBe(2);
    },
  );

  it("When an error's JSON body is up to 16 KiB Then its code and message are read; past that, the status alone", async () => {
    const json = (bytes: number) => {
      const empty = JSON.stringify({ code: "unavailable", message: "" });
      return Buffer.from(JSON.stringify({ code: "unavailable", message: "m".repeat(bytes - empty.length) }));
    };
    let calls = 0;
    const { client } = await serve((_exchange, response) =>
      sendBody(response, 500, "application/json", json(16 * 1024 + calls++)),
    );

    await expect(failure(client.add("k", 1))).resolves.toMatchObject({ status: 500, serverCode: "unavailable" });
    await expect(failure(client.add("k", 1))).resolves.toMatchObject({
      status: 500,
      serverCode: undefined,
      message: "HTTP 500",
    });
  });

  describe("When an error status comes with a body over maxReplyBytes", () => {
    const page = Buffer.alloc(1024 * 1024, "<p>Service Unavailable</p>");

    it.each([
      ["declares its length", (response: Response) => sendBody(response, 503, "text/html", page)],
      [
        "streams it",
        (response: Response) => {
          response.statusCode = 503;
          sendChunks(response, "text/html", [page, page]);
        },
      ],
      [
        "never ends it",
        (response: Response) => {
          response.statusCode = 503;
          response.setHeader("content-type", "text/html");
          (response as Writable).write(page);
        },
      ],
    ])("and %s Then the call fails with the status at once, and is retried per the usual rules", async (_, answer) => {
      // Calls 1, 2 and 4 get the 503; call 3, the idempotent call's third attempt, succeeds.
      let calls = 0;
      const { server, client } = await serve(
        (exchange, response) =>
          ++calls === 3 ? replyThrift(exchange, response, { kind: "success", value: 1 }) : answer(response),
        { maxReplyBytes: 64 * 1024, timeoutMs: 60_000 },
      );

      await expect(client.put("k", "v", { timeoutMs: 60_000 })).resolves.toBeUndefined();
      const error = await failure(client.add("k", 1));
      expect(error).toBeInstanceOf(HttpStatusError);
      expect({ ...(error as HttpStatusError), message: (error as Error).message }).toEqual({
        name: "HttpStatusError",
        code: "http_status",
        status: 503,
        serverCode: undefined,
        retryAfterMs: undefined,
        message: "HTTP 503",
      });
      expect(server.exchanges).toHaveLength(4);
    });
  });

  it("When the server drops the connection Then the call rejects with a TransportError", async () => {
    const { client } = await serve((_exchange, response) => response.socket?.destroy());

    const error = await failure(client.add("k", 1));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ name: "TransportError", code: "transport", cause: expect.any(Error) });
  });

  it("When calls fail Then nothing is left pending and no error is emitted unhandled", async () => {
    const { client } = await serve((exchange, response) =>
      exchange.method === "GET" ? response.socket?.destroy() : sendStatus(response, 503),
    );
    const results = await Promise.allSettled([
      client.get("a"),
      client.add("b", 1),
      client.put("c", "d"),
      client.notify("e"),
    ]);

    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected", "rejected", "rejected"]);
    expect(results.map((result) => (result as PromiseRejectedResult).reason.code)).toEqual([
      "transport",
      "http_status",
      "http_status",
      "http_status",
    ]);
  });
});
