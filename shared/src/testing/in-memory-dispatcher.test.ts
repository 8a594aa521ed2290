// InMemoryDispatcher takes a request body as the Koa adapter does: held to maxBodyBytes,
// and inflated per its Content-Encoding, so that a test client with `sendCompression`
// reaches its handler, and a bomb or broken data gets the same answer as over HTTP.
import { brotliCompressSync, deflateSync, gzipSync, zstdCompressSync } from "node:zlib";
import { HttpStatusError } from "@starter/shared/client";
import { Kitchen, type Everything, type KitchenHandler } from "../codegen/fixtures/everything";
import { contentCodings, type ContentCoding } from "../core/content-coding";
import { encodeCall } from "../core/message";
import { createThriftService } from "../core/service";
import { InMemoryDispatcher } from "./in-memory-dispatcher";
import { everything } from "./__fixtures__/everything";
import { createTestClient } from "./test-client";

const value = everything("text ".repeat(400));

const compress: Record<ContentCoding, (body: Buffer) => Buffer> = {
  gzip: (body) => gzipSync(body),
  deflate: (body) => deflateSync(body),
  br: (body) => brotliCompressSync(body),
  zstd: (body) => zstdCompressSync(body),
};

/** A Kitchen handler whose echo records its calls; its other methods are not called here. */
function echoing() {
  const calls: Everything[] = [];
  const unused = async () => {
    throw new Error("not called in these tests");
  };
  const handler: KitchenHandler = {
    async echo(given) {
      calls.push(given);
      return given;
    },
    ping: unused,
    shapes: unused,
    fire: unused,
    fail: unused,
    simplify: unused,
  };
  return { handler, calls };
}

/** POSTs `body` (an encoded echo call, or anything) with `headers`; the status and the JSON answer. */
async function post(dispatcher: InMemoryDispatcher, body: Buffer, headers: Record<string, string>) {
  const reply = await dispatcher.request({
    origin: "http://in-memory.invalid",
    path: "/",
    method: "POST",
    headers: { "content-type": "application/x-thrift", ...headers },
    body,
  });
  return { status: reply.statusCode, body: (await reply.body.json()) as unknown };
}

const call = encodeCall(Kitchen.methods.echo!, [value], 0, "binary");

describe("InMemoryDispatcher, request bodies", () => {
  it.each(contentCodings)(
    "When a test client sends its calls compressed with %s Then the handler gets each call whole",
    async (coding) => {
      const { handler, calls } = echoing();
      const client = createTestClient(Kitchen, handler, { sendCompression: coding, compressMinBytes: 0 });

      await expect(client.echo(value)).resolves.toEqual(value);
      expect(calls).toEqual([value]);
      await client.close();
    },
  );

  it.each(contentCodings)(
    "When a %s body inflates past maxBodyBytes Then it is answered 413 and the handler is not called",
    async (coding) => {
      const { handler, calls } = echoing();
      const dispatcher = new InMemoryDispatcher(createThriftService(Kitchen, handler), { maxBodyBytes: 1024 });
      const bomb = compress[coding](Buffer.concat([call, Buffer.alloc(64 * 1024)]));

      expect(await post(dispatcher, bomb, { "content-encoding": coding })).toEqual({
        status: 413,
        body: {
          code: "payload_too_large",
          message: `The body inflated from ${coding} exceeds the limit of 1024 bytes`,
        },
      });
      expect(calls).toEqual([]);
    },
  );

  it("When a plain body is over maxBodyBytes Then it is answered 413 and the handler is not called", async () => {
    const { handler, calls } = echoing();
    const dispatcher = new InMemoryDispatcher(createThriftService(Kitchen, handler), { maxBodyBytes: 100 });

    expect(await post(dispatcher, call, {})).toEqual({
      status: 413,
      body: { code: "payload_too_large", message: "The body exceeds the limit of 100 bytes" },
    });
    expect(calls).toEqual([]);
  });

  it("When a body is not the data its Content-Encoding names Then it is answered 400, naming the coding", async () => {
    const { handler, calls } = echoing();
    const dispatcher = new InMemoryDispatcher(createThriftService(Kitchen, handler));

    expect(await post(dispatcher, call, { "content-encoding": "gzip" })).toEqual({
      status: 400,
      body: { code: "bad_request", message: "The body is not valid gzip data: incorrect header check" },
    });
    expect(calls).toEqual([]);
  });

  it("When a body is deflate data followed by more bytes Then it is answered 400, as over HTTP", async () => {
    const dispatcher = new InMemoryDispatcher(createThriftService(Kitchen, echoing().handler));
    const trailing = Buffer.concat([deflateSync(call), Buffer.from("xyz")]);

    expect(await post(dispatcher, trailing, { "content-encoding": "deflate" })).toEqual({
      status: 400,
      body: { code: "bad_request", message: "The body is not valid deflate data: 3 bytes after the end of the data" },
    });
  });

  it("When a test client's body is over the limit it was given Then the call rejects with 413", async () => {
    const client = createTestClient(Kitchen, echoing().handler, { maxBodyBytes: 64 });

    const error = await client.echo(value).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 413 });
    await client.close();
  });

  it.each([-1, 1.5, Number.NaN])("When maxBodyBytes is %s Then the dispatcher refuses it when made", (maxBodyBytes) => {
    const service = createThriftService(Kitchen, echoing().handler);
    expect(() => new InMemoryDispatcher(service, { maxBodyBytes })).toThrow(
      new TypeError(`Option maxBodyBytes must be a non-negative integer, got ${String(maxBodyBytes)}`),
    );
  });
});
