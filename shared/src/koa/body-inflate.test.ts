// Compressed request bodies against a service as deployed (createServerApp on a real
// socket, its default 1 MiB limit): every coding inflated and answered, whether the body
// ends within one read (inflated in one step) or streams, every other coding refused
// before the body is read, corrupt data and bombs refused, the compressed bytes held to
// the body's deadline, and random bodies in random chunks always answered.
import { once } from "node:events";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import * as zlib from "node:zlib";
import fc from "fast-check";
import { Calc, methods } from "../core/__fixtures__/calc";
import { createCalcHandler } from "../core/__fixtures__/calc-handler";
import { contentCodings, type ContentCoding } from "../core/content-coding";
import { encodeGetPath } from "../core/get";
import { encodeCall, encodeReply } from "../core/message";
import { contentTypes, type ProtocolName } from "../core/protocols";
import { createThriftService } from "../core/service";
import { captureLogs } from "../server/__fixtures__/log-lines";
import { createServerApp } from "../server/app";
import type { RunningServer } from "../server/lifecycle";
import { serveForTest } from "../server/__fixtures__/serve";
import { Echo } from "./__fixtures__/echo";
import { streamFromBytes } from "./body-inflate";
import { compressed } from "../core/__fixtures__/compressed";

// Every gzip decoder the service makes counts what it hands over: how far past the limit
// inflating goes (the name starts with "mock" for jest.mock's hoisting).
const mockInflated = { bytes: 0, decoders: 0 };
jest.mock("node:zlib", () => {
  const actual = jest.requireActual<typeof import("node:zlib")>("node:zlib");
  return {
    ...actual,
    createGunzip: (options?: import("node:zlib").ZlibOptions) => {
      const decoder = actual.createGunzip(options);
      mockInflated.decoders++;
      decoder.on("data", (chunk: Buffer) => (mockInflated.bytes += chunk.length));
      return decoder;
    },
  };
});

const token = "ci-token";
const maxBodyBytes = 1024 * 1024;
let running: RunningServer;

beforeAll(async () => {
  const { logger } = captureLogs("silent");
  const app = createServerApp({
    services: {
      "/echo": createThriftService(Echo, { echo: async (req) => ({ msg: req.msg }) }),
      "/calc": createThriftService(Calc, createCalcHandler()),
    },
    logger,
    auth: { basicUsers: new Map(), bearerTokens: new Map([["ci", token]]), realm: "echo" },
    maxBodyBytes,
  });
  running = await serveForTest(app, logger);
});
afterAll(async () => {
  await running.shutdown("test over");
});

const echo = Echo.methods.echo!;
const call = (msg: string, protocol: ProtocolName = "binary") => encodeCall(echo, [{ msg }], 1, protocol);
const reply = (msg: string, protocol: ProtocolName = "binary") =>
  encodeReply(echo, 1, protocol, { kind: "success", value: { msg } });

/** `body` compressed with `coding` by Node's zlib, as a client would (brotli at a quality for replies, not files). */

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

/**
 * POSTs to /echo, writing `chunks` one per turn (chunked, unless a Content-Length is
 * given), and ends the body only if `end`: an answer to an unended body came before it.
 */
async function post(headers: Record<string, string>, chunks: Buffer[], end = true): Promise<Answer> {
  const request = httpRequest(`${running.url}/echo`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": contentTypes.binary, ...headers },
  });
  request.on("error", () => {}); // a refusal may close the connection under the writes
  const answered = once(request, "response");
  request.flushHeaders();
  for (const chunk of chunks) {
    if (request.destroyed) break;
    request.write(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (end) request.end();
  const [response] = (await answered) as [import("node:http").IncomingMessage];
  const parts: Buffer[] = [];
  for await (const part of response) parts.push(part as Buffer);
  request.destroy();
  const body = Buffer.concat(parts);
  const type = response.headers["content-type"];
  return {
    status: response.statusCode!,
    headers: pick(response.headers),
    body: type === "application/json" ? JSON.parse(body.toString()) : body,
  };
}

function pick(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const names = ["content-type", "connection", "accept-encoding"];
  return Object.fromEntries(names.map((name) => [name, headers[name] as string | undefined]));
}

const ok = (body: Buffer): Answer => ({
  status: 200,
  headers: { "content-type": contentTypes.binary, connection: "keep-alive", "accept-encoding": undefined },
  body,
});
const refused = (
  status: number,
  code: string,
  message: string,
  closes: boolean,
  extra: Record<string, string> = {},
): Answer => ({
  status,
  headers: {
    "content-type": "application/json",
    connection: closes ? "close" : "keep-alive",
    "accept-encoding": undefined,
    ...extra,
  },
  body: { code, message },
});

describe("compressed request bodies", () => {
  test.each(contentCodings)("When the body is %s Then it is inflated and answered", async (coding) => {
    const msg = "héllo ".repeat(500);
    expect(await post({ "content-encoding": coding }, [compressed(coding, call(msg))])).toEqual(ok(reply(msg)));
  });

  test.each(contentCodings)(
    "When a %s body is longer than one read Then it is inflated as it streams, and answered",
    async (coding) => {
      const msg = text(900 * 1024);
      const body = compressed(coding, call(msg));
      expect(body.length).toBeGreaterThan(streamFromBytes);
      const answer = await post({ "content-encoding": coding }, pieces(body, 16 * 1024));
      expect({ ...answer, body: (answer.body as Buffer).equals(reply(msg)) }).toEqual({
        ...ok(Buffer.alloc(0)),
        body: true,
      });
    },
  );

  test.each<[string, ContentCoding]>([
    ["x-gzip", "gzip"],
    ["GZip", "gzip"],
    [" br ", "br"],
    ["identity, zstd", "zstd"],
    ["deflate, identity", "deflate"],
  ])("When Content-Encoding is %j Then the body is read as %s", async (header, coding) => {
    expect(await post({ "content-encoding": header }, [compressed(coding, call("hi"))])).toEqual(ok(reply("hi")));
  });

  test.each<ProtocolName>(["binary", "compact", "json"])(
    "When a %s call is gzipped Then the reply is in its protocol, uncompressed",
    async (protocol) => {
      const body = zlib.gzipSync(call("every protocol", protocol));
      const answer = await post({ "content-encoding": "gzip", "content-type": contentTypes[protocol] }, [body]);
      expect(answer).toEqual({
        ...ok(reply("every protocol", protocol)),
        headers: { ...ok(Buffer.alloc(0)).headers, "content-type": contentTypes[protocol] },
      });
    },
  );

  test.each(["identity", "IDENTITY", ""])(
    "When Content-Encoding is %j with a plain body Then it is read as it is",
    async (header) => {
      expect(await post({ "content-encoding": header }, [call("plain")])).toEqual(ok(reply("plain")));
    },
  );

  test("When the body is compressed in a 1-byte chunk at a time Then it is inflated whole", async () => {
    const body = zlib.gzipSync(call("trickled"));
    const chunks = [...body].map((byte) => Buffer.from([byte]));
    expect(await post({ "content-encoding": "gzip" }, chunks)).toEqual(ok(reply("trickled")));
  });

  // "x"s gzip to a few KiB, inflated in one step; text to more than a read, inflated as it streams.
  test.each([
    ["in one step", (length: number) => "x".repeat(length)],
    ["as it streams", text],
  ])(
    "When the inflated body is exactly maxBodyBytes, %s Then it is answered, and one byte more is 413",
    async (_case, message) => {
      const exact = message(maxBodyBytes - call("").length);
      expect(call(exact).length).toBe(maxBodyBytes);
      const whole = await post({ "content-encoding": "gzip" }, pieces(zlib.gzipSync(call(exact)), 16 * 1024));
      expect({ ...whole, body: (whole.body as Buffer).equals(reply(exact)) }).toEqual({
        ...ok(Buffer.alloc(0)),
        body: true,
      });
      expect(await post({ "content-encoding": "gzip" }, pieces(zlib.gzipSync(call(`${exact}x`)), 16 * 1024))).toEqual(
        refused(
          413,
          "payload_too_large",
          `The body inflated from gzip exceeds the limit of ${maxBodyBytes} bytes`,
          true,
        ),
      );
    },
  );
});

describe("content codings a service does not take", () => {
  test.each(["compress", "aes128gcm", "gzip, br", "gzip, gzip", "*"])(
    "When Content-Encoding is %j Then 415 naming the codings it takes, before the body is read",
    async (header) => {
      // The body is declared and never sent: only an answer that does not wait for it arrives.
      const answer = await post({ "content-encoding": header, "content-length": "100" }, [], false);
      expect(answer).toEqual(
        refused(
          415,
          "unsupported_media_type",
          "Content-Encoding must be one of gzip, deflate, br, zstd (one at most), or none",
          true,
          {
            "accept-encoding": "gzip, deflate, br, zstd",
          },
        ),
      );
    },
  );

  test("When a GET call says a Content-Encoding Then it does not matter: a GET has no body", async () => {
    const headers = { authorization: `Bearer ${token}`, "content-encoding": "compress" };
    const response = await fetch(running.url + encodeGetPath("/calc", methods.add, [2, 3]), { headers });
    expect({ status: response.status, body: Buffer.from(await response.arrayBuffer()) }).toEqual({
      status: 200,
      body: encodeReply(methods.add, 0, "binary", { kind: "success", value: 5 }),
    });
  });
});

describe("corrupt compressed bodies", () => {
  const whole = call("whole");
  test.each<[string, ContentCoding, Buffer, string]>([
    ["not gzip at all", "gzip", Buffer.from("plain text"), "incorrect header check"],
    ["a cut gzip stream", "gzip", zlib.gzipSync(whole).subarray(0, 12), "unexpected end of file"],
    [
      "gzip with bytes after it",
      "gzip",
      Buffer.concat([zlib.gzipSync(whole), Buffer.from("xx")]),
      "incorrect header check",
    ],
    ["raw deflate, not the zlib format", "deflate", zlib.deflateRawSync(whole), "incorrect header check"],
    [
      "deflate with bytes after it",
      "deflate",
      Buffer.concat([zlib.deflateSync(whole), Buffer.from("xyz")]),
      "3 bytes after the end of the data",
    ],
    ["not brotli", "br", Buffer.from("plain text, not brotli"), "Decompression failed"],
    [
      "brotli with bytes after it",
      "br",
      Buffer.concat([zlib.brotliCompressSync(whole), Buffer.from("x")]),
      "1 bytes after the end of the data",
    ],
    ["not zstd", "zstd", Buffer.from("plain text"), "Unknown frame descriptor"],
    ["a cut zstd frame", "zstd", zlib.zstdCompressSync(whole).subarray(0, 10), "unexpected end of file"],
    ["an empty body", "gzip", Buffer.alloc(0), "unexpected end of file"],
  ])("When the body is %s Then 400 saying what is wrong, the connection kept", async (_case, coding, body, problem) => {
    expect(await post({ "content-encoding": coding }, [body])).toEqual(
      refused(400, "bad_request", `The body is not valid ${coding} data: ${problem}`, false),
    );
  });

  test("When a zstd frame asks for a window over 8 MiB Then 400, before any of it is inflated", async () => {
    // Streamed, so zstd cannot shrink the window to the data's size.
    const encoder = zlib.createZstdCompress({ params: { [zlib.constants.ZSTD_c_windowLog]: 24 } });
    const parts: Buffer[] = [];
    encoder.on("data", (part: Buffer) => parts.push(part));
    encoder.end(call("big window"));
    await once(encoder, "end");
    const frame = Buffer.concat(parts);
    expect(await post({ "content-encoding": "zstd" }, [frame])).toEqual(
      refused(
        400,
        "bad_request",
        "The body is not valid zstd data: Frame requires too much memory for decoding",
        false,
      ),
    );
  });

  test("When more than a read of corrupt data comes before the rest of the body Then 400 at once, closing the connection", async () => {
    const garbage = Buffer.alloc(streamFromBytes + 1, "not gzip, and more to come ");
    expect(await post({ "content-encoding": "gzip" }, pieces(garbage, 16 * 1024), false)).toEqual(
      refused(400, "bad_request", "The body is not valid gzip data: incorrect header check", true),
    );
  });
});

describe("bodies over the limit", () => {
  test("When a compressed body declares a Content-Length over maxBodyBytes Then 413 before it is read", async () => {
    const answer = await post({ "content-encoding": "gzip", "content-length": String(maxBodyBytes + 1) }, [], false);
    expect(answer).toEqual(
      refused(413, "payload_too_large", `The body exceeds the limit of ${maxBodyBytes} bytes`, true),
    );
  });

  test("When the compressed bytes themselves pass maxBodyBytes Then 413 as for a plain body, though they inflate to less", async () => {
    // Level 0 stores the data as it is, in blocks with headers: larger than the data.
    const inflated = call("x".repeat(maxBodyBytes - call("").length - 8));
    const body = zlib.gzipSync(inflated, { level: 0 });
    expect([inflated.length <= maxBodyBytes, body.length > maxBodyBytes]).toEqual([true, true]);
    expect(await post({ "content-encoding": "gzip" }, pieces(body, 64 * 1024), false)).toEqual(
      refused(413, "payload_too_large", `The body exceeds the limit of ${maxBodyBytes} bytes`, true),
    );
  });

  // A bomb within one read: 32 MiB of zeros in at most 32 KiB, inflated in one step, which
  // zlib stops at the limit.
  test.each(contentCodings)("When a whole %s bomb arrives Then 413", async (coding) => {
    const bomb = bombOf(coding, 32 * 1024 * 1024);
    expect(bomb.length).toBeLessThanOrEqual(streamFromBytes);
    expect(await post({ "content-encoding": coding }, [bomb])).toEqual(
      refused(
        413,
        "payload_too_large",
        `The body inflated from ${coding} exceeds the limit of ${maxBodyBytes} bytes`,
        true,
      ),
    );
  });

  // Longer than a read, so inflated as it comes: 512 KiB of it inflate past 1 MiB, and the
  // body never ends. The answer comes at the limit, not at the end.
  test.each(contentCodings)(
    "When a %s body inflates past the limit as it streams Then 413 then, before the body ends, closing the connection",
    async (coding) => {
      const body = compressed(coding, call(text(8 * maxBodyBytes)));
      const sent = body.subarray(0, 512 * 1024);
      expect(sent.length).toBeLessThan(maxBodyBytes);
      expect(await post({ "content-encoding": coding }, pieces(sent, 16 * 1024), false)).toEqual(
        refused(
          413,
          "payload_too_large",
          `The body inflated from ${coding} exceeds the limit of ${maxBodyBytes} bytes`,
          true,
        ),
      );
    },
  );

  test("When a bomb longer than a read is sent whole Then inflating stops at the limit: zlib hands over the limit and a chunk or two, not the 200 MiB it holds", async () => {
    // gzip members one after another are one gzip body: 200 of 1 MiB of zeros each.
    const member = zlib.gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 200 }, () => member));
    expect([bomb.length > streamFromBytes, bomb.length < maxBodyBytes]).toEqual([true, true]);
    mockInflated.bytes = mockInflated.decoders = 0;
    const answer = await post({ "content-encoding": "gzip" }, pieces(bomb, 64 * 1024));
    await new Promise((resolve) => setImmediate(resolve));
    expect({ status: answer.status, decoders: mockInflated.decoders }).toEqual({ status: 413, decoders: 1 });
    expect(mockInflated.bytes).toBeGreaterThan(maxBodyBytes);
    expect(mockInflated.bytes).toBeLessThanOrEqual(maxBodyBytes + 2 * zlib.constants.Z_DEFAULT_CHUNK);
  });
});

describe("the body's deadline", () => {
  test.each([
    ["within a read", zlib.gzipSync(call("slow")).subarray(0, 5)],
    ["longer than a read", zlib.gzipSync(call(text(maxBodyBytes / 2))).subarray(0, streamFromBytes + 1)],
  ])(
    "When a compressed body stalls %s past Thrift-Timeout-Ms Then 504 at the deadline, closing the connection",
    async (_case, sent) => {
      const answer = await post(
        { "content-encoding": "gzip", "thrift-timeout-ms": "100" },
        pieces(sent, 16 * 1024),
        false,
      );
      expect(answer).toEqual(
        refused(504, "deadline_exceeded", "The request body did not arrive within the call's deadline of 100 ms", true),
      );
    },
  );
});

describe("any body, in any chunks", () => {
  test("When a random message is compressed with a random coding and sent in random pieces Then its echo comes back", async () => {
    await fc.assert(
      fc.asyncProperty(
        // Short messages of any character, and long ones that compress to more than a read.
        fc.oneof(
          fc.string({ unit: "grapheme", maxLength: 2000 }),
          fc
            .uint8Array({ minLength: 60_000, maxLength: 200_000 })
            .map((bytes) => Buffer.from(bytes).toString("base64")),
        ),
        fc.constantFrom(...contentCodings),
        fc.constantFrom<ProtocolName>("binary", "compact", "json"),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (msg, coding, protocol, cuts) => {
          const body = compressed(coding, call(msg, protocol));
          const answer = await post(
            { "content-encoding": coding, "content-type": contentTypes[protocol] },
            split(body, cuts),
          );
          expect([answer.status, (answer.body as Buffer).equals(reply(msg, protocol))]).toEqual([200, true]);
        },
      ),
      { numRuns: 60 },
    );
  });

  test("When a valid compressed body is damaged anywhere Then the answer is 200 or 400, never anything else", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...contentCodings),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (coding, at, xor, cuts) => {
          const body = Buffer.from(compressed(coding, call("damage me ".repeat(20))));
          body[at % body.length]! ^= xor;
          const answer = await post({ "content-encoding": coding }, split(body, cuts));
          expect([200, 400]).toContain(answer.status);
          if (answer.status === 400) expect(answer.body).toMatchObject({ code: "bad_request" });
        },
      ),
      { numRuns: 80 },
    );
  });

  test("When random bytes claim a coding Then 400, or 413 if they happen to inflate past the limit", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...contentCodings),
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }),
          fc.uint8Array({ minLength: streamFromBytes, maxLength: 2 * streamFromBytes }),
        ),
        async (coding, bytes) => {
          const answer = await post({ "content-encoding": coding }, pieces(Buffer.from(bytes), 16 * 1024));
          expect([400, 413]).toContain(answer.status);
        },
      ),
      { numRuns: 80 },
    );
  });
});

/** Text that compresses 3 to 5 times, as API payloads do, the same for the same length. */
function text(length: number): string {
  const words = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "id",
    "name",
    "email",
    "@example.org",
    "MEMBER",
    "ADMIN",
    "2025-11-21T",
  ];
  let seed = 7;
  let out = "";
  while (out.length < length) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    out += `${words[(seed >>> 8) % words.length]}=${(seed >>> 12).toString(36)} `;
  }
  return out.slice(0, length);
}

/** `body` in pieces of `size` bytes. */
function pieces(body: Buffer, size: number): Buffer[] {
  return Array.from({ length: Math.ceil(body.length / size) }, (_, index) =>
    body.subarray(index * size, (index + 1) * size),
  );
}

/** `body` cut at the given offsets (modulo its length), in order. */
function split(body: Buffer, cuts: number[]): Buffer[] {
  const offsets = [...new Set(cuts.map((cut) => cut % (body.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const offset of [...offsets, body.length]) {
    if (offset > from) pieces.push(body.subarray(from, offset));
    from = Math.max(from, offset);
  }
  return pieces;
}

/** `bytes` zeros compressed with `coding` at its highest ratio. */
function bombOf(coding: ContentCoding, bytes: number): Buffer {
  const zeros = Buffer.alloc(bytes);
  switch (coding) {
    case "gzip":
      return zlib.gzipSync(zeros, { level: 9 });
    case "deflate":
      return zlib.deflateSync(zeros, { level: 9 });
    case "br":
      return zlib.brotliCompressSync(zeros, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
    case "zstd":
      return zlib.zstdCompressSync(zeros);
  }
}
