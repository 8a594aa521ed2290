// Compression through the gateway: Thrift replies from gzip_min_length on are gzipped for
// callers that accept gzip, in every protocol and both HTTP versions, with Vary; smaller
// ones, and callers that do not ask, get them as they were. Cached answers are stored
// once, plain, and served right both ways. Compressed request bodies pass through to the
// services, which inflate them within their own limit, behind nginx's on the bytes sent.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { DataService } from "@starter/data/gen/data";
import { Echo } from "@starter/echo/gen/echo";
import { createClient, type ProtocolName } from "@starter/shared/client";
import { contentTypes, encodeCall, encodeGetPath, encodeReply } from "@starter/shared/core";
import { Pool } from "undici";
import { clients, closeClients, transports } from "./clients";
import { header, jsonOf, send, sendHttp2, type Reply } from "./gateway";
import { authorization, callers, stack, unique } from "./stack";

afterAll(closeClients);

/** The gateway's threshold, read from its config: the one place it is stated. */
const minLength = Number(
  /^gzip_min_length (\d+);/m.exec(readFileSync(join(__dirname, "../../nginx/gateway/compression.conf"), "utf8"))![1],
);
const auth = { authorization: authorization(callers.alice) };
const echo = Echo.methods["echo"]!;
const protocols: ProtocolName[] = ["binary", "compact", "json"];

/** The echo message whose reply (seqid 1) is exactly `bytes` long in `protocol`. */
function messageFor(protocol: ProtocolName, bytes: number): string {
  for (let length = 0; length <= bytes; length++) {
    const msg = "x".repeat(length);
    if (replyOf(msg, protocol).length === bytes) return msg;
  }
  throw new Error(`No echo reply of ${bytes} bytes in ${protocol}`);
}
const replyOf = (msg: string, protocol: ProtocolName) =>
  encodeReply(echo, 1, protocol, { kind: "success", value: { msg } });

function postEcho(msg: string, protocol: ProtocolName, headers: Record<string, string>): Promise<Reply> {
  const type = contentTypes[protocol];
  const body = encodeCall(echo, [{ msg }], 1, protocol);
  return send({
    method: "POST",
    path: "/echo",
    headers: { ...auth, "content-type": type, accept: type, ...headers },
    body,
  });
}

/** What says how a reply was sent, and its body as the caller reads it (inflated if gzipped). */
function received(reply: Reply) {
  const encoding = header(reply, "content-encoding");
  return {
    status: reply.status,
    contentType: header(reply, "content-type"),
    contentEncoding: encoding,
    vary: header(reply, "vary"),
    contentLength: header(reply, "content-length"),
    body: encoding === "gzip" ? gunzipSync(reply.body) : reply.body,
  };
}

describe("Replies, by size and by what the caller accepts", () => {
  test.each(protocols)(
    "When a %s reply is gzip_min_length bytes and the caller accepts gzip Then it comes gzipped, with Vary",
    async (protocol) => {
      const msg = messageFor(protocol, minLength);
      const reply = await postEcho(msg, protocol, { "accept-encoding": "gzip, deflate, br, zstd" });
      expect(received(reply)).toEqual({
        status: 200,
        contentType: contentTypes[protocol],
        contentEncoding: "gzip",
        vary: "Accept-Encoding",
        contentLength: undefined, // chunked: nginx compresses as it sends
        body: replyOf(msg, protocol),
      });
      expect(reply.body.length).toBeLessThan(minLength);
    },
  );

  test.each(protocols)(
    "When a %s reply is one byte under gzip_min_length Then it comes as it was, without Vary",
    async (protocol) => {
      const msg = messageFor(protocol, minLength - 1);
      const reply = await postEcho(msg, protocol, { "accept-encoding": "gzip" });
      expect(received(reply)).toEqual({
        status: 200,
        contentType: contentTypes[protocol],
        contentEncoding: undefined,
        vary: undefined,
        contentLength: String(minLength - 1),
        body: replyOf(msg, protocol),
      });
    },
  );

  test.each<[string, Record<string, string>]>([
    ["no Accept-Encoding", {}],
    ["Accept-Encoding: identity", { "accept-encoding": "identity" }],
    ["only codings the gateway does not make", { "accept-encoding": "br, zstd" }],
    ["gzip refused (q=0)", { "accept-encoding": "gzip;q=0, identity" }],
  ])("When a large reply goes to a caller with %s Then it comes as it was, with Vary", async (_case, headers) => {
    const msg = "y".repeat(8 * minLength);
    expect(received(await postEcho(msg, "binary", headers))).toEqual({
      status: 200,
      contentType: contentTypes.binary,
      contentEncoding: undefined,
      vary: "Accept-Encoding",
      contentLength: String(replyOf(msg, "binary").length),
      body: replyOf(msg, "binary"),
    });
  });

  test("When the request came through another proxy (Via) Then the reply is gzipped all the same", async () => {
    const msg = "v".repeat(4 * minLength);
    const reply = await postEcho(msg, "compact", { "accept-encoding": "gzip", via: "1.1 edge-proxy" });
    expect([
      header(reply, "content-encoding"),
      header(reply, "vary"),
      gunzipSync(reply.body).equals(replyOf(msg, "compact")),
    ]).toEqual(["gzip", "Accept-Encoding", true]);
  });

  test("When a large reply goes over HTTP/2 to a caller that accepts gzip Then it comes gzipped", async () => {
    const msg = "h".repeat(4 * minLength);
    const outcome = await sendHttp2(
      {
        ":method": "POST",
        ":path": "/echo",
        ...auth,
        "content-type": contentTypes.json,
        "accept-encoding": "gzip",
      },
      encodeCall(echo, [{ msg }], 1, "json"),
    );
    if (!("answer" in outcome)) throw new Error(`No answer: ${JSON.stringify(outcome)}`);
    expect(received(outcome.answer)).toEqual({
      status: 200,
      contentType: contentTypes.json,
      contentEncoding: "gzip",
      vary: "Accept-Encoding",
      contentLength: undefined,
      body: replyOf(msg, "json"),
    });
  });

  test("When a service answers a JSON error Then it is never compressed", async () => {
    const reply = await send({
      method: "POST",
      path: "/echo",
      headers: { ...auth, "content-type": "text/plain", "accept-encoding": "gzip" },
      body: "x".repeat(2 * minLength),
    });
    expect([reply.status, header(reply, "content-encoding"), jsonOf(reply)]).toEqual([
      415,
      undefined,
      expect.objectContaining({ code: "unsupported_media_type" }),
    ]);
  });
});

describe("Cached answers, stored once and served both ways", () => {
  const value = Buffer.from("a value worth compressing, stored in the gateway's cache. ".repeat(60));
  const get = (key: string, headers: Record<string, string>) =>
    send({
      method: "GET",
      path: encodeGetPath("/data", DataService.methods["get"]!, [key]),
      headers: { ...auth, accept: contentTypes.binary, ...headers },
    });
  const expectedBody = (key: string) =>
    encodeReply(DataService.methods["get"]!, 0, "binary", { kind: "success", value: { key, value, version: 1n } });
  const shape = (reply: Reply) => ({
    cacheStatus: header(reply, "x-cache-status"),
    cacheControl: header(reply, "cache-control"),
    ...received(reply),
  });
  const as = (cacheStatus: string, key: string, gzipped: boolean) => ({
    cacheStatus,
    cacheControl: "public, max-age=5",
    status: 200,
    contentType: contentTypes.binary,
    contentEncoding: gzipped ? "gzip" : undefined,
    vary: "Accept-Encoding",
    contentLength: gzipped ? undefined : String(expectedBody(key).length),
    body: expectedBody(key),
  });

  test("When a plain caller fills the cache Then a gzip caller gets the entry gzipped and the next plain caller gets it plain", async () => {
    const key = unique("plain-first");
    await clients.data().put(key, value);
    const replies = [await get(key, {}), await get(key, { "accept-encoding": "gzip" }), await get(key, {})];
    expect(replies.map(shape)).toEqual([as("MISS", key, false), as("HIT", key, true), as("HIT", key, false)]);
  });

  test("When a gzip caller fills the cache Then the entry is stored plain: a plain caller gets it plain, a gzip caller gzipped", async () => {
    const key = unique("gzip-first");
    await clients.data().put(key, value);
    const replies = [
      await get(key, { "accept-encoding": "gzip" }),
      await get(key, {}),
      await get(key, { "accept-encoding": "gzip" }),
    ];
    expect(replies.map(shape)).toEqual([as("MISS", key, true), as("HIT", key, false), as("HIT", key, true)]);
  });
});

describe("Compressed request bodies, through to the services", () => {
  const MiB = 1024 * 1024;
  const post = (body: Buffer, headers: Record<string, string>) =>
    send({
      method: "POST",
      path: "/echo",
      headers: { ...auth, "content-type": contentTypes.binary, ...headers },
      body,
    });
  /** What says who answered and how, with the JSON body of an error. */
  const answer = (reply: Reply) => ({
    status: reply.status,
    by: header(reply, "x-served-by") === undefined ? "gateway" : "replica",
    body: reply.status === 200 ? reply.body : jsonOf(reply),
  });

  test("When a gzipped call is posted Then the service inflates it and answers", async () => {
    const msg = "compressed on the way in ".repeat(100);
    const reply = await post(gzipSync(encodeCall(echo, [{ msg }], 1, "binary")), { "content-encoding": "gzip" });
    expect(answer(reply)).toEqual({ status: 200, by: "replica", body: replyOf(msg, "binary") });
  });

  test("When a call inflates to just under 1 MiB from far fewer bytes Then it passes both limits", async () => {
    const msg = "z".repeat(MiB - 100);
    const body = gzipSync(encodeCall(echo, [{ msg }], 1, "binary"));
    expect(body.length).toBeLessThan(MiB / 100);
    const reply = await post(body, { "content-encoding": "gzip" });
    // Buffers compared whole, not byte by byte by toEqual: a megabyte of them is slow.
    expect({ ...answer(reply), body: reply.body.equals(replyOf(msg, "binary")) }).toEqual({
      status: 200,
      by: "replica",
      body: true,
    });
  });

  test("When a small gzip body inflates past 1 MiB Then the service answers 413, nginx having passed its compressed bytes", async () => {
    const bomb = gzipSync(Buffer.alloc(16 * MiB), { level: 9 });
    expect(bomb.length).toBeLessThan(MiB / 64);
    expect(answer(await post(bomb, { "content-encoding": "gzip" }))).toEqual({
      status: 413,
      by: "replica",
      body: { code: "payload_too_large", message: "The body inflated from gzip exceeds the limit of 1048576 bytes" },
    });
  });

  test("When the compressed bytes pass 1 MiB Then the gateway answers 413 itself: client_max_body_size counts what is sent", async () => {
    // Stored, not deflated (level 0): larger than what it holds, which alone would fit.
    const body = gzipSync(encodeCall(echo, [{ msg: "s".repeat(MiB - 100) }], 1, "binary"), { level: 0 });
    expect(body.length).toBeGreaterThan(MiB);
    expect(answer(await post(body, { "content-encoding": "gzip" }))).toEqual({
      status: 413,
      by: "gateway",
      body: { code: "payload_too_large", message: "request body over 1 MiB" },
    });
  });

  test("When a body is in a coding the services do not take Then the service answers 415 with Accept-Encoding", async () => {
    const reply = await post(encodeCall(echo, [{ msg: "hi" }], 1, "binary"), { "content-encoding": "compress" });
    expect({ ...answer(reply), acceptEncoding: header(reply, "accept-encoding") }).toEqual({
      status: 415,
      by: "replica",
      acceptEncoding: "gzip, deflate, br, zstd",
      body: {
        code: "unsupported_media_type",
        message: "Content-Encoding must be one of gzip, deflate, br, zstd (one at most), or none",
      },
    });
  });
});

describe("The typed client through the gateway", () => {
  test.each(transports)(
    "When it calls over $name with a large message, its request gzipped Then the reply comes gzipped and is read",
    async (transport) => {
      // The client's own pool, but recording each answer's Content-Encoding on its way in.
      const encodings: unknown[] = [];
      const pool = new Pool(stack.gatewayUrl, { connect: { ca: stack.ca }, allowH2: transport.http2 });
      const dispatcher = pool.compose(
        (dispatch) => (options, handler) =>
          dispatch(options, {
            ...handler,
            onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
            onResponseStart: (controller, status, headers, text) => {
              encodings.push(headers["content-encoding"]);
              handler.onResponseStart?.(controller, status, headers, text);
            },
            onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
            onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
            onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
          }),
      );
      const client = createClient(Echo, {
        url: `${stack.gatewayUrl}/echo`,
        dispatcher,
        protocol: transport.protocol,
        auth: callers.alice,
        sendCompression: "gzip",
      });
      try {
        const msg = `${transport.name}: ${"a large message ".repeat(500)}`;
        await expect(client.echo({ msg })).resolves.toEqual({ msg });
        expect(encodings).toEqual(["gzip"]);
      } finally {
        await client.close();
        await pool.close();
      }
    },
  );
});
