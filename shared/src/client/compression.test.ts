// The client's compression: what it asks replies in, how it reads compressed replies of
// every protocol (errors included) within its limits, and when it compresses a request.
import * as zlib from "node:zlib";
import fc from "fast-check";
import {
  contentCodings,
  createClient,
  HttpStatusError,
  ProtocolError,
  type ClientOptions,
  type ContentCoding,
  type ProtocolName,
} from "@starter/shared/client";
import { contentTypes, encodeCall, encodeReply } from "@starter/shared/core";
import { closeAll, track } from "./__fixtures__/resources";
import { callOf, replyJson, sendBody } from "./__fixtures__/replies";
import { startServer, type Exchange, type Response, type Script } from "./__fixtures__/servers";
import { Store } from "./__fixtures__/store";
import { compressed } from "../core/__fixtures__/compressed";

afterEach(closeAll);

async function serve(script: Script, options: Partial<ClientOptions> = {}) {
  const server = track(await startServer(script));
  const client = track(createClient(Store, { url: `${server.url}/store`, retry: { maxAttempts: 1 }, ...options }));
  return { server, client };
}

/** Answers `body` as `coding` says, compressed so, with its compressed length. */
function sendEncoded(response: Response, status: number, contentType: string, coding: string, body: Buffer): void {
  response.setHeader("content-encoding", coding);
  sendBody(response, status, contentType, body);
}

/** A 200 answer to `get` whose value is `value`, in the call's protocol, compressed with `coding`. */
function replyGet(value: string, coding: ContentCoding): Script {
  return (exchange, response) => {
    const { protocol } = callOf(exchange);
    const reply = encodeReply(Store.methods.get!, 0, protocol, { kind: "success", value });
    sendEncoded(response, 200, contentTypes[protocol], coding, compressed(coding, reply));
  };
}

async function failure(call: Promise<unknown>): Promise<Error> {
  return call.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`);
    },
    (error: unknown) => error as Error,
  );
}

const described = (error: Error) => ({ class: error.constructor.name, ...error, message: error.message });

describe("what the client asks replies in", () => {
  test.each<[string, string, Partial<ClientOptions>]>([
    ["by default", "gzip, deflate, br, zstd", {}],
    ["with acceptCompression [br, gzip]", "br, gzip", { acceptCompression: ["br", "gzip"] }],
    ["with acceptCompression []", "identity", { acceptCompression: [] }],
  ])(
    "When a client is made %s Then every call, GET and POST, sends Accept-Encoding: %s",
    async (_case, expected, options) => {
      const { server, client } = await serve(replyGet("v", "gzip"), options);
      await client.get("k");
      await client.get("k".repeat(7000)); // past maxGetUrlBytes: a POST
      expect(server.exchanges.map((exchange) => [exchange.method, exchange.headers["accept-encoding"]])).toEqual([
        ["GET", expected],
        ["POST", expected],
      ]);
    },
  );
});

describe("compressed replies", () => {
  const protocols: ProtocolName[] = ["binary", "compact", "json"];
  const cases = contentCodings.flatMap((coding) => protocols.map((protocol) => [coding, protocol] as const));

  test.each(cases)(
    "When a reply comes in %s, protocol %s Then the call returns its value",
    async (coding, protocol) => {
      const value = "a value that is long enough to be worth compressing ".repeat(40);
      const { client } = await serve(replyGet(value, coding), { protocol });
      await expect(client.get("k")).resolves.toBe(value);
    },
  );

  test.each(["x-gzip", "GZIP", "identity, gzip"])(
    "When Content-Encoding is %j over a gzip body Then it is read as gzip",
    async (header) => {
      const { client } = await serve((_exchange, response) => {
        const reply = encodeReply(Store.methods.get!, 0, "binary", { kind: "success", value: "v" });
        sendEncoded(response, 200, contentTypes.binary, header, zlib.gzipSync(reply));
      });
      await expect(client.get("k")).resolves.toBe("v");
    },
  );

  test("When a server sends raw deflate for deflate Then it is read too, as browsers read it", async () => {
    const { client } = await serve((_exchange, response) => {
      const reply = encodeReply(Store.methods.get!, 0, "binary", { kind: "success", value: "raw" });
      sendEncoded(response, 200, contentTypes.binary, "deflate", zlib.deflateRawSync(reply));
    });
    await expect(client.get("k")).resolves.toBe("raw");
  });

  test("When a reply says identity or comes empty with a coding Then it is read as it is", async () => {
    const { client } = await serve((exchange, response) => {
      if (callOf(exchange).name === "notify")
        return sendEncoded(response, 200, contentTypes.binary, "gzip", Buffer.alloc(0));
      sendEncoded(
        response,
        200,
        contentTypes.binary,
        "identity",
        encodeReply(Store.methods.get!, 0, "binary", { kind: "success", value: "id" }),
      );
    });
    await expect(client.get("k")).resolves.toBe("id");
    await expect(client.notify("m")).resolves.toBeUndefined();
  });

  test("When an error status comes with a gzipped JSON body Then the call rejects with its status, code and message", async () => {
    const { client } = await serve((_exchange, response) => {
      const body = Buffer.from(JSON.stringify({ code: "payload_too_large", message: "Body over 1 MiB" }));
      sendEncoded(response, 413, "application/json", "gzip", zlib.gzipSync(body));
    });
    expect(described(await failure(client.add("k", 1)))).toEqual({
      class: "HttpStatusError",
      name: "HttpStatusError",
      code: "http_status",
      status: 413,
      serverCode: "payload_too_large",
      retryAfterMs: undefined,
      message: "HTTP 413: Body over 1 MiB",
    });
  });

  test.each<[string, string, Buffer]>([
    ["that is not gzip", "gzip", Buffer.from("not gzip")],
    [
      "that inflates past 16 KiB",
      "gzip",
      zlib.gzipSync(Buffer.from(JSON.stringify({ code: "x", message: "y".repeat(17 * 1024) }))),
    ],
    ["in an unknown coding", "compress", Buffer.from("{}")],
  ])(
    "When an error status comes with a body %s Then the call rejects with the status alone",
    async (_case, coding, body) => {
      const { client } = await serve((_exchange, response) =>
        sendEncoded(response, 503, "application/json", coding, body),
      );
      const error = await failure(client.add("k", 1));
      expect(error).toBeInstanceOf(HttpStatusError);
      expect(error).toMatchObject({ status: 503, serverCode: undefined, message: "HTTP 503" });
    },
  );

  test.each<[string, string, Buffer, string]>([
    ["not gzip", "gzip", Buffer.from("plain bytes"), "The reply cannot be inflated: incorrect header check"],
    [
      "a cut brotli stream",
      "br",
      zlib.brotliCompressSync(Buffer.alloc(1000, 7)).subarray(0, 5),
      "The reply cannot be inflated: unexpected end of file",
    ],
    [
      "in an unknown coding",
      "compress",
      Buffer.from("x"),
      'The reply cannot be inflated: unknown Content-Encoding "compress"',
    ],
    [
      "in two codings",
      "gzip, br",
      Buffer.from("x"),
      'The reply cannot be inflated: unknown Content-Encoding "gzip, br"',
    ],
  ])(
    "When a 200 reply is %s Then the call rejects with a ProtocolError saying so",
    async (_case, coding, body, message) => {
      const { client } = await serve((_exchange, response) =>
        sendEncoded(response, 200, contentTypes.binary, coding, body),
      );
      const error = await failure(client.add("k", 1));
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error.message).toBe(message);
    },
  );

  test.each(contentCodings)(
    "When a %s reply inflates past maxReplyBytes Then the call rejects with a ProtocolError, and zlib stops there",
    async (coding) => {
      // 64 MiB of zeros in a few KiB; the client's limit is 1 MiB.
      const bomb = compressed(coding, Buffer.alloc(64 * 1024 * 1024));
      const { client } = await serve(
        (_exchange, response) => sendEncoded(response, 200, contentTypes.binary, coding, bomb),
        {
          maxReplyBytes: 1024 * 1024,
        },
      );
      const error = await failure(client.get("k"));
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error.message).toBe("The reply inflates to more than maxReplyBytes (1048576 bytes)");
    },
  );

  test("When a reply inflates to exactly maxReplyBytes Then it is read", async () => {
    const reply = encodeReply(Store.methods.get!, 0, "binary", { kind: "success", value: "x".repeat(4000) });
    const { client } = await serve(
      (_exchange, response) => sendEncoded(response, 200, contentTypes.binary, "gzip", zlib.gzipSync(reply)),
      {
        maxReplyBytes: reply.length,
      },
    );
    await expect(client.get("k")).resolves.toBe("x".repeat(4000));
  });
});

describe("compressed requests", () => {
  /** The Store's add and put, answered as sent (add with its delta); the request as it arrived is recorded. */
  const add: Script = (exchange, response) => {
    const coding = exchange.headers["content-encoding"] as ContentCoding | undefined;
    const body = coding === undefined ? exchange.body : inflated(coding, exchange.body);
    const { name, args } = callOf({ ...exchange, body });
    const value = name === "add" ? args[1] : undefined;
    sendBody(
      response,
      200,
      contentTypes.binary,
      encodeReply(Store.methods[name]!, 0, "binary", { kind: "success", value }),
    );
  };
  const sizeOf = (key: string) => encodeCall(Store.methods.add!, [key, 1], 0, "binary").length;

  test("When sendCompression is unset Then no body is compressed, however large", async () => {
    const { server, client } = await serve(add);
    await client.add("k".repeat(100_000), 1);
    expect(server.exchanges[0]!.headers["content-encoding"]).toBeUndefined();
    expect(server.exchanges[0]!.body.length).toBe(sizeOf("k".repeat(100_000)));
  });

  test("When a body is one byte under compressMinBytes Then it goes plain, and from compressMinBytes on, gzipped", async () => {
    const { server, client } = await serve(add, { sendCompression: "gzip", compressMinBytes: 200 });
    const under = "u".repeat(200 - sizeOf("") - 1);
    const at = "a".repeat(200 - sizeOf(""));
    expect([sizeOf(under), sizeOf(at)]).toEqual([199, 200]);
    await expect(client.add(under, 1)).resolves.toBe(1);
    await expect(client.add(at, 2)).resolves.toBe(2);
    const sent = server.exchanges.map((exchange: Exchange) => ({
      encoding: exchange.headers["content-encoding"],
      inflated: exchange.headers["content-encoding"] === undefined ? exchange.body : zlib.gunzipSync(exchange.body),
    }));
    expect(sent).toEqual([
      { encoding: undefined, inflated: encodeCall(Store.methods.add!, [under, 1], 0, "binary") },
      { encoding: "gzip", inflated: encodeCall(Store.methods.add!, [at, 2], 0, "binary") },
    ]);
  });

  test("When compressing would not make the body smaller Then it goes plain", async () => {
    const { server, client } = await serve(add, { sendCompression: "gzip", compressMinBytes: 0 });
    await client.add("k", 1);
    expect(server.exchanges[0]!.headers["content-encoding"]).toBeUndefined();
  });

  test.each(contentCodings)(
    "When sendCompression is %s Then a large call arrives in it and is answered",
    async (coding) => {
      const { server, client } = await serve(add, { sendCompression: coding });
      await expect(client.add("key ".repeat(1000), 5)).resolves.toBe(5);
      expect(server.exchanges[0]!.headers["content-encoding"]).toBe(coding);
    },
  );

  test("When a compressed call is retried Then each attempt sends the same compressed bytes", async () => {
    let attempts = 0;
    const { server, client } = await serve(
      (exchange, response) =>
        ++attempts === 1
          ? replyJson(response, 503, { code: "unavailable", message: "later" })
          : add(exchange, response),
      { sendCompression: "gzip", retry: { maxAttempts: 2, baseDelayMs: 1 } },
    );
    await expect(client.put("key ".repeat(1000), "v")).resolves.toBeUndefined();
    const [first, second] = server.exchanges;
    expect([second!.headers["content-encoding"], second!.body.equals(first!.body)]).toEqual(["gzip", true]);
  });

  test("When random calls are compressed Then the server inflates exactly what was encoded", async () => {
    const { server, client } = await serve(add, { sendCompression: "gzip", compressMinBytes: 64 });
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 3000 }), fc.integer(), async (key, delta) => {
        await expect(client.add(key, delta)).resolves.toBe(delta);
        const exchange = server.exchanges.at(-1)!;
        const body = exchange.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(exchange.body) : exchange.body;
        expect(body).toEqual(encodeCall(Store.methods.add!, [key, delta], 0, "binary"));
      }),
      { numRuns: 50 },
    );
  }, 60_000);
});

describe("options", () => {
  test.each<[Partial<ClientOptions>, string]>([
    [{ sendCompression: "lz4" as ContentCoding }, "sendCompression must be one of gzip, deflate, br, zstd, got lz4"],
    [
      { acceptCompression: ["gzip", "snappy" as ContentCoding] },
      "acceptCompression[1] must be one of gzip, deflate, br, zstd, got snappy",
    ],
    [
      { acceptCompression: "gzip" as unknown as ContentCoding[] },
      "acceptCompression must be an array of content codings",
    ],
    [{ compressMinBytes: -1 }, "compressMinBytes must be a non-negative integer, got -1"],
    [{ compressMinBytes: 1.5 }, "compressMinBytes must be a non-negative integer, got 1.5"],
    [{ headers: { "Accept-Encoding": "gzip" } }, "Header accept-encoding is set by the client and cannot be given"],
    [{ headers: { "content-encoding": "gzip" } }, "Header content-encoding is set by the client and cannot be given"],
  ])("When the options are %j Then createClient throws: %s", (options, message) => {
    expect(() => createClient(Store, { url: "http://127.0.0.1:1/store", ...options })).toThrow(new TypeError(message));
  });
});

function inflated(coding: ContentCoding, body: Buffer): Buffer {
  switch (coding) {
    case "gzip":
      return zlib.gunzipSync(body);
    case "deflate":
      return zlib.inflateSync(body);
    case "br":
      return zlib.brotliDecompressSync(body);
    case "zstd":
      return zlib.zstdDecompressSync(body);
  }
}
