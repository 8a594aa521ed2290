// Apache's Node client (npm `thrift`, `createHttpConnection`) with code Apache's compiler
// generated for ThriftTest (__fixtures__/apache-js, see its README), calling every method
// in binary, compact and JSON, plain and multiplexed, and checking what Apache's own Node
// test driver checks (lib/nodejs/test/test_driver.js and test-cases.js in Apache Thrift).
import type { EventEmitter } from "node:events";
import { MemoryTransport } from "@starter/shared/core";
import { startConformanceServer, type StartedServer } from "./__fixtures__/server";

type Protocol = "TBinaryProtocol" | "TCompactProtocol" | "TJSONProtocol";
type AnyClient = Record<string, (...args: unknown[]) => Promise<unknown>>;

interface ProtocolObject {
  writeMessageBegin(name: string, type: number, seqid: number): void;
  writeMessageEnd(): void;
  writeStructBegin(name: string): void;
  writeStructEnd(): void;
  writeFieldBegin(name: string, type: number, id: number): void;
  writeFieldEnd(): void;
  writeFieldStop(): void;
  writeUuid(value: string): void;
  readMessageBegin(): { fname: string; mtype: number; rseqid: number };
  readStructBegin(): void;
  readFieldBegin(): { fname: string; ftype: number; fid: number };
  readUuid(): string;
}

// Apache's runtime and generated code: untyped JavaScript, declared here as far as used.
const thrift = require("thrift") as {
  createHttpConnection(host: string, port: number, options: object): EventEmitter;
  createHttpClient(service: unknown, connection: EventEmitter): AnyClient;
  Multiplexer: new () => { createClient(name: string, service: unknown, connection: EventEmitter): AnyClient };
  TBufferedTransport: unknown;
  Thrift: { TException: new () => Error; MessageType: Record<string, number>; Type: Record<string, number> };
} & Record<Protocol, new (transport: unknown) => ProtocolObject>;
const Int64 = require("node-int64") as new (value: Buffer | number) => { buffer: Buffer; toNumber(): number };
const ThriftTest = require("./__fixtures__/apache-js/ThriftTest") as unknown;
const SecondService = require("./__fixtures__/apache-js/SecondService") as unknown;
type StructClass = new (fields?: object) => object;
const ttypes = require("./__fixtures__/apache-js/ThriftTest_types") as Record<string, StructClass> & {
  Numberz: Record<string, number>;
};

const protocols: Protocol[] = ["TBinaryProtocol", "TCompactProtocol", "TJSONProtocol"];

// Apache's test cases (test-cases.js): every language's script, and JSON's special characters.
const stringTest =
  "Afrikaans, Alemannisch, Aragonés, العربية, مصرى, Asturianu, Aymar aru, Azərbaycan, Башҡорт, " +
  "Boarisch, Žemaitėška, Беларуская, বাংলা, Brezhoneg, Ελληνικά, עברית, हिन्दी, 日本語, ქართული, " +
  "한국어, Кыргызча, ລາວ, മലയാളം, தமிழ், తెలుగు, ไทย, Українська, اردو, Tiếng Việt, 中文, 粵語";
const specialCharacters =
  'quote: " backslash: forwardslash-escaped: / backspace: \b formfeed: \f newline: \n return: \r tab: ' +
  ' now-all-of-them-together: "\\/\b\n\r\t now-a-bunch-of-junk: !@#$%&()(&%$#{}{}<><><' +
  ' char-to-test-json-parsing: ]] "]] \\" }}}{ [[[ ';
const mapTestInput = {
  a: "123",
  "a b": "with spaces ",
  same: "same",
  "0": "numeric key",
  longValue: stringTest,
  stringTest: "long key",
};

/** [method, argument, expected result] */
const echoes: [string, unknown, unknown][] = [
  ["testString", "Test", "Test"],
  ["testString", "", ""],
  ["testString", stringTest, stringTest],
  ["testString", specialCharacters, specialCharacters],
  ["testBool", true, true],
  ["testBool", false, false],
  ["testByte", 1, 1],
  ["testByte", 0, 0],
  ["testByte", -1, -1],
  ["testByte", -127, -127],
  ["testI32", -1, -1],
  ["testDouble", -5.2098523, -5.2098523],
  ["testDouble", 7.012052175215044, 7.012052175215044],
  ["testEnum", ttypes.Numberz.ONE, ttypes.Numberz.ONE],
  ["testList", [...Array(20).keys()].map((i) => i + 1), [...Array(20).keys()].map((i) => i + 1)],
  ["testMap", { 0: -10, 1: -9, 2: -8, 3: -7, 4: -6 }, { 0: -10, 1: -9, 2: -8, 3: -7, 4: -6 }],
  ["testSet", [1, 2, 3], [1, 2, 3]],
  ["testStringMap", mapTestInput, mapTestInput],
];

const i64s: [string, unknown][] = [
  ["5", 5],
  ["-5", -5],
  ["734359738368", 734359738368],
  ["-734359738368", -734359738368],
  ["2^53+1", new Int64(Buffer.from([0, 0x20, 0, 0, 0, 0, 0, 1]))],
  ["-2^53-1", new Int64(Buffer.from([0xff, 0xdf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))],
];
const bytesOf = (value: unknown) =>
  (typeof value === "number" ? new Int64(value) : (value as { buffer: Buffer })).buffer;

const xtruct = (string_thing: string, thing: number) =>
  new ttypes.Xtruct!({ string_thing, byte_thing: thing, i32_thing: thing, i64_thing: thing });
const out = new ttypes.Xtruct!({ string_thing: "Zero", byte_thing: 1, i32_thing: -3, i64_thing: 1000000 });
const out2 = new ttypes.Xtruct2!({ byte_thing: 1, struct_thing: out, i32_thing: 5 });
const crazy = new ttypes.Insanity!({ userMap: { 5: 5, 8: 8 }, xtructs: [xtruct("Goodbye4", 4), xtruct("Hello2", 2)] });

/** A decoded value as plain data: Int64s as numbers, class instances as objects. */
function plain(value: unknown): unknown {
  if (value instanceof Int64) return value.toNumber();
  if (Buffer.isBuffer(value) || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, plain(field)]));
}

let server: StartedServer;
beforeAll(async () => {
  server = await startConformanceServer();
});
afterAll(async () => {
  expect(await server.close()).toBe(0);
});

describe.each(protocols)("Apache's Node client over %s", (protocol) => {
  let connection: EventEmitter;
  let errors: unknown[];

  function connect(): EventEmitter {
    connection = thrift.createHttpConnection("127.0.0.1", server.port, {
      path: "/ThriftTest",
      transport: thrift.TBufferedTransport,
      protocol: thrift[protocol],
    });
    errors = [];
    connection.on("error", (error) => errors.push(error));
    return connection;
  }
  // The connection reports transport failures as events: none may happen.
  afterEach(() => expect(errors).toEqual([]));

  describe("plain", () => {
    let client: AnyClient;
    beforeEach(() => {
      client = thrift.createHttpClient(ThriftTest, connect());
    });

    it("When it calls testVoid Then it gets nothing back", async () => {
      await expect(client.testVoid!()).resolves.toBeUndefined();
    });

    it.each(echoes)("When it calls %s Then it gets its argument back", async (method, argument, expected) => {
      expect(plain(await client[method]!(argument))).toEqual(expected);
    });

    it.each(i64s)("When it calls testI64(%s) Then it gets the same 64 bits back", async (_, value) => {
      expect(bytesOf(await client.testI64!(value))).toEqual(bytesOf(value));
    });

    // What Apache's C++ and Java clients send besides: the ends of every range, doubles
    // near the limits of their exponent, and binaries of every length up to 256 bytes.
    it("When it calls the echo methods at the ends of their ranges Then each value comes back exact", async () => {
      const cases: [string, unknown[]][] = [
        ["testByte", [127, -128]],
        ["testI32", [2 ** 31 - 1, -(2 ** 31), 0]],
        ["testDouble", [0, -1, 2 ** 32 + 1, 2 ** 53 - 1, -(2 ** 53) + 1, 1e307, 1e-292, -5e-324, Number.MAX_VALUE]],
        // Apache's Node JSON writer sends U+0000 raw, which is not JSON but is read
        // (README.md, "The JSON protocol").
        ["testString", ["\u0000", "a\u0001\u001fb", "\u{1F600} astral", "x".repeat(100_000)]],
      ];
      for (const [method, values] of cases) {
        for (const value of values) expect([method, await client[method]!(value)]).toEqual([method, value]);
      }
      const extremes = [Buffer.from("7fffffffffffffff", "hex"), Buffer.from("8000000000000000", "hex")];
      for (const bits of extremes) expect(bytesOf(await client.testI64!(new Int64(bits)))).toEqual(bits);
      for (let length = 0; length <= 256; length++) {
        const bytes = Buffer.from([...Array(length).keys()].map((i) => (i * 7) & 0xff));
        expect(await client.testBinary!(bytes)).toEqual(bytes);
      }
    });

    it("When it calls testTypedef(69) Then it gets 69", async () => {
      expect(plain(await client.testTypedef!(69))).toBe(69);
    });

    it("When it calls testBinary with a Buffer or a binary string Then it gets the 256 bytes back", async () => {
      const bytes = Buffer.from([...Array(256).keys()].map((i) => 255 - i));
      expect(await client.testBinary!(bytes)).toEqual(bytes);
      expect(await client.testBinary!(bytes.toString("binary"))).toEqual(bytes);
    });

    it("When it calls testStruct and testNest Then it gets them back", async () => {
      expect(plain(await client.testStruct!(out))).toEqual(plain(out));
      expect(plain(await client.testNest!(out2))).toEqual(plain(out2));
    });

    it("When it calls testMapMap(42) Then it gets Apache's fixed map", async () => {
      expect(await client.testMapMap!(42)).toEqual({
        4: { 1: 1, 2: 2, 3: 3, 4: 4 },
        [-4]: { [-4]: -4, [-3]: -3, [-2]: -2, [-1]: -1 },
      });
    });

    it.each([
      ["Insanity instances", crazy],
      [
        "plain objects",
        new ttypes.Insanity!({
          userMap: { 5: 5, 8: 8 },
          xtructs: [plain(xtruct("Goodbye4", 4)), plain(xtruct("Hello2", 2))],
        }),
      ],
    ])(
      "When it calls testInsanity with %s Then the argument comes back twice, and an empty Insanity",
      async (_, argument) => {
        const result = plain(await client.testInsanity!(argument)) as Record<string, Record<string, unknown>>;
        expect(result).toEqual({
          1: { [ttypes.Numberz.TWO!]: plain(crazy), [ttypes.Numberz.THREE!]: plain(crazy) },
          2: { [ttypes.Numberz.SIX!]: { userMap: null, xtructs: null } },
        });
      },
    );

    it("When it calls testMulti Then it gets Hello2 and its first three arguments", async () => {
      const result = await client.testMulti!(42, 4242, 424242, { 1: "blah", 2: "thing" }, ttypes.Numberz.EIGHT, 24);
      expect(plain(result)).toEqual({ string_thing: "Hello2", byte_thing: 42, i32_thing: 4242, i64_thing: 424242 });
    });

    it("When it calls testException Then Xception, a TException, or nothing, as asked", async () => {
      await expect(client.testException!("Xception")).rejects.toMatchObject({ errorCode: 1001, message: "Xception" });
      await expect(client.testException!("Xception")).rejects.toBeInstanceOf(ttypes.Xception!);
      await expect(client.testException!("TException")).rejects.toBeInstanceOf(thrift.Thrift.TException);
      await expect(client.testException!("no Exception")).resolves.toBeUndefined();
    });

    it("When it calls testMultiException Then Xception, Xception2, or the Xtruct, as asked", async () => {
      const xception = client.testMultiException!("Xception", "ignore");
      await expect(xception).rejects.toMatchObject({ errorCode: 1001, message: "This is an Xception" });
      const xception2 = client.testMultiException!("Xception2", "ignore");
      await expect(xception2).rejects.toMatchObject({
        errorCode: 2002,
        struct_thing: { string_thing: "This is an Xception2" },
      });
      expect(plain(await client.testMultiException!("success", "foobar"))).toMatchObject({ string_thing: "foobar" });
    });

    it("When it calls testOneway Then the call is done, and the next call gets its own answer", async () => {
      await expect(client.testOneway!(0)).resolves.toBeUndefined();
      // Apache's "off by one" check: a oneway answered like a void would shift every reply.
      await expect(client.testI32!(-1)).resolves.toBe(-1);
    });
  });

  describe("multiplexed (thrift.Multiplexer)", () => {
    it("When it calls both services on one connection Then each answers under its own name", async () => {
      const multiplexer = new thrift.Multiplexer();
      const shared = connect();
      const first = multiplexer.createClient("ThriftTest", ThriftTest, shared);
      const second = multiplexer.createClient("SecondService", SecondService, shared);
      await expect(second.secondtestString!("Test")).resolves.toBe('testString("Test")');
      await expect(first.testString!("Test")).resolves.toBe("Test");
      await expect(first.testException!("Xception")).rejects.toMatchObject({ errorCode: 1001 });
      await expect(first.testOneway!(0)).resolves.toBeUndefined();
      expect(plain(await first.testI64!(-34359738368))).toBe(-34359738368);
    });
  });

  // Debian's compiler (0.17) predates uuid, so the fixture has no testUuid: the call is
  // written and its reply read with the protocol objects of Apache's 0.24 runtime instead.
  it("When testUuid is called through Apache's protocol objects Then the uuid comes back", async () => {
    const uuid = "00112233-4455-6677-8899-aabbccddeeff";
    const { MessageType, Type } = thrift.Thrift;
    const request = new MemoryTransport();
    const output = new thrift[protocol](request);
    output.writeMessageBegin("testUuid", MessageType.CALL!, 7);
    output.writeStructBegin("ThriftTest_testUuid_args");
    output.writeFieldBegin("thing", Type.UUID!, 1);
    output.writeUuid(uuid);
    output.writeFieldEnd();
    output.writeFieldStop();
    output.writeStructEnd();
    output.writeMessageEnd();
    const response = await fetch(`${server.url}/ThriftTest`, {
      method: "POST",
      headers: { "content-type": "application/x-thrift" },
      body: request.toBuffer(),
    });
    expect(response.status).toBe(200);
    const input = new thrift[protocol](new MemoryTransport(Buffer.from(await response.arrayBuffer())));
    expect(input.readMessageBegin()).toMatchObject({ fname: "testUuid", mtype: MessageType.REPLY, rseqid: 7 });
    input.readStructBegin();
    expect(input.readFieldBegin()).toMatchObject({ ftype: Type.UUID, fid: 0 });
    expect(input.readUuid()).toBe(uuid);
  });
});
