// Untrusted bodies against the service: random bytes and mutated valid calls, in
// every protocol. Each must get one prompt 2xx/4xx answer without a large allocation.
import fc from "fast-check";
import { Thrift } from "thrift";
import { Calc, methods } from "./__fixtures__/calc";
import { createCalcHandler } from "./__fixtures__/calc-handler";
import type { ThriftHttpResponse } from "./http";
import { decodeReply, encodeCall } from "./message";
import { contentTypes, type ProtocolName } from "./protocols";
import { createThriftService } from "./service";

const protocols: ProtocolName[] = ["binary", "compact", "json"];
const { TApplicationExceptionType: App } = Thrift;

// `wait` answers at once here: a slow handler is not what these tests are about.
const service = createThriftService(Calc, { ...createCalcHandler(), wait: async () => "done" });

const validCalls = protocols.flatMap((protocol) =>
  [
    encodeCall(methods.add, [1, -2], 1, protocol),
    encodeCall(methods.divide, [7, 0], 2, protocol),
    encodeCall(methods.shout, [["a", "bé", ""]], 3, protocol),
    encodeCall(methods.wait, [5], 4, protocol),
    encodeCall(methods.reset, [], 5, protocol),
    encodeCall(methods.record, ["event"], 6, protocol),
  ].map((body) => ({ protocol, body })),
);

const slowMs = 200;
const maxGrowthBytes = 32 * 1024 * 1024;

/** Answers `body` and checks the answer is a prompt 2xx/4xx without a large allocation. */
async function answer(protocol: ProtocolName, body: Buffer): Promise<ThriftHttpResponse> {
  const memoryBefore = process.memoryUsage();
  const started = performance.now();
  const response = await service.handle({
    method: "POST",
    path: "",
    query: "",
    contentType: contentTypes[protocol],
    body,
    requestId: "fuzz",
    identity: undefined,
    headers: {},
  });
  const elapsed = performance.now() - started;
  const memoryAfter = process.memoryUsage();
  expect([200, 204, 400]).toContain(response.status);
  expect(elapsed).toBeLessThan(slowMs);
  expect(
    memoryAfter.heapUsed + memoryAfter.arrayBuffers - memoryBefore.heapUsed - memoryBefore.arrayBuffers,
  ).toBeLessThan(maxGrowthBytes);
  return response;
}

/** A change to a valid body: what a broken or hostile client might send. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant("huge" as const),
    at: fc.nat(),
    value: fc.constantFrom(0x7fffffff, -1, -0x80000000, 0x10000000, 0xffff),
  }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(body: Buffer, change: Mutation): Buffer {
  const at = body.length === 0 ? 0 : change.at % body.length;
  switch (change.kind) {
    case "truncate":
      return body.subarray(0, at);
    case "flip": {
      const copy = Buffer.from(body);
      copy[at]! ^= 1 << change.bit;
      return copy;
    }
    case "huge": {
      const copy = Buffer.alloc(Math.max(body.length, at + 4));
      body.copy(copy);
      copy.writeInt32BE(change.value, at);
      return copy;
    }
    case "insert":
      return Buffer.concat([body.subarray(0, at), change.bytes, body.subarray(at)]);
  }
}

describe("untrusted bodies", () => {
  it.each(protocols)("When the %s body is random bytes Then a prompt 2xx/4xx", async (protocol) => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        await answer(protocol, Buffer.from(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it("When the JSON body is random JSON-ish text Then a prompt 2xx/4xx", async () => {
    const jsonish = fc.stringMatching(/^\[1,"(add|shout|record)",1,0,[[\]{}":,0-9a-z-]{0,200}$/);
    await fc.assert(
      fc.asyncProperty(jsonish, async (text) => {
        await answer("json", Buffer.from(text));
      }),
      { numRuns: 300 },
    );
  });

  it("When a JSON list claims any size Then a prompt 2xx/4xx", async () => {
    // A claimed size is checked against the bytes left before any element is read.
    const size = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    await fc.assert(
      fc.asyncProperty(size, size, async (outer, inner) => {
        await answer(
          "json",
          Buffer.from(
            `[1,"shout",1,0,{"1":{"lst":["str",${outer},"a"]},"9":{"lst":["lst",${outer},["i32",${inner},1]]}}]`,
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("When a valid call is truncated, bit-flipped, given huge lengths or extra bytes Then a prompt 2xx/4xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...validCalls),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (call, changes) => {
          await answer(call.protocol, changes.reduce(mutate, call.body));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("When a 25-byte body claims a list of 2^31 STOP Then PROTOCOL_ERROR at once", async () => {
    // shout(…) with an unknown field 9: a list of STOP of size 2^31 - 1, which must be skipped.
    const body = Buffer.from("80010001 00000005 73686f7574 00000001 0f0009 00 7fffffff".replace(/\s/g, ""), "hex");
    expect(body.length).toBe(25);
    const response = await answer("binary", body);
    expect(decodeReply(methods.shout, response.body, "binary")).toEqual({
      kind: "application",
      type: App.PROTOCOL_ERROR,
      message: "Container size 2147483647 exceeds the limit of 1000000",
    });
  });

  it("When an unknown field nests lists 100,000 deep Then PROTOCOL_ERROR at once", async () => {
    const header = Buffer.from("80010001 00000003 616464 00000001 0f0009".replace(/\s/g, ""), "hex");
    const nested = Buffer.alloc(5 * 100_000, Buffer.from("0f00000001", "hex"));
    const response = await answer("binary", Buffer.concat([header, nested]));
    expect(decodeReply(methods.add, response.body, "binary")).toEqual({
      kind: "application",
      type: App.PROTOCOL_ERROR,
      message: "Nesting deeper than 64 levels",
    });
  });

  it("When an unknown JSON field nests lists 100,000 deep Then PROTOCOL_ERROR at once", async () => {
    const response = await answer("json", Buffer.from(`[1,"add",1,0,{"9":{"lst":${'["lst",1,'.repeat(100_000)}`));
    expect(decodeReply(methods.add, response.body, "json")).toEqual({
      kind: "application",
      type: App.PROTOCOL_ERROR,
      message: "Nesting deeper than 64 levels",
    });
  });

  it("When a JSON body opens 100,000 brackets before its header ends Then 400 at once", async () => {
    const response = await answer("json", Buffer.from(`[1,${"[".repeat(100_000)}`));
    expect(JSON.parse(response.body.toString())).toEqual({
      code: "bad_request",
      message: "Undecodable Thrift message: Expected '\"' at byte 3, found '['",
    });
  });

  it("When a GET query is random text Then a prompt 2xx/4xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (query) => {
        const response = await service.handle({
          method: "GET",
          path: "/add",
          query,
          contentType: undefined,
          body: Buffer.alloc(0),
          requestId: "fuzz",
          identity: undefined,
          headers: {},
        });
        expect([200, 400]).toContain(response.status);
      }),
      { numRuns: 300 },
    );
  });
});
