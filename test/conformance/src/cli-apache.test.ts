// thrift-http call (the bin, as npm links it) against Apache's own HTTP server,
// `thrift.createWebServer`, serving ThriftTest with the processor Apache's compiler
// generated (__fixtures__/apache-js) in each protocol: a server that knows nothing of
// this starter, called with nothing but the IDL. Needs shared/ built (make test-conformance builds it).
import { execFile } from "node:child_process";
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

type StructClass = new (fields?: object) => object;
const thrift = require("thrift") as {
  createWebServer(options: {
    services: Record<string, { transport: unknown; protocol: unknown; processor: unknown; handler: unknown }>;
  }): Server;
  TBufferedTransport: unknown;
} & Record<"TBinaryProtocol" | "TCompactProtocol" | "TJSONProtocol", unknown>;
const ThriftTest = require("./__fixtures__/apache-js/ThriftTest") as unknown;
const ttypes = require("./__fixtures__/apache-js/ThriftTest_types") as Record<string, StructClass>;

const root = join(__dirname, "..", "..", "..");
const bin = join(root, "node_modules", ".bin", "thrift-http");
const idl = join(root, "test", "conformance", "ThriftTest.thrift");

// What Apache's test servers answer (its TestServer handlers), in Apache's style.
const echo = async (thing: unknown) => thing;
const handler = {
  testVoid: async () => undefined,
  testString: echo,
  testBool: echo,
  testByte: echo,
  testI32: echo,
  testI64: echo,
  testDouble: echo,
  testBinary: echo,
  testStruct: echo,
  testNest: echo,
  testMap: echo,
  testStringMap: echo,
  testSet: echo,
  testList: echo,
  testEnum: echo,
  testTypedef: echo,
  testMapMap: async (hello: number) => ({ [-hello]: { [-hello]: -hello }, [hello]: { [hello]: hello } }),
  testInsanity: async (argument: object) => ({ 1: { 2: argument, 3: argument }, 2: { 6: new ttypes["Insanity"]!() } }),
  testMulti: async (arg0: number, arg1: number, arg2: unknown, _arg3: unknown, _arg4: unknown, _arg5: unknown) =>
    new ttypes["Xtruct"]!({ string_thing: "Hello2", byte_thing: arg0, i32_thing: arg1, i64_thing: arg2 }),
  testException: async (arg: string) => {
    if (arg === "Xception") throw new ttypes["Xception"]!({ errorCode: 1001, message: arg });
    if (arg === "TException") throw new Error("the handler failed");
  },
  testMultiException: async (arg0: string, arg1: string) => {
    if (arg0 === "Xception2")
      throw new ttypes["Xception2"]!({
        errorCode: 2002,
        struct_thing: new ttypes["Xtruct"]!({ string_thing: "This is an Xception2" }),
      });
    return new ttypes["Xtruct"]!({ string_thing: arg1 });
  },
  testOneway: async (_seconds: number) => undefined,
};

let server: Server;
let url: string;

beforeAll(async () => {
  const service = (protocol: "TBinaryProtocol" | "TCompactProtocol" | "TJSONProtocol") => ({
    transport: thrift.TBufferedTransport,
    protocol: thrift[protocol],
    processor: ThriftTest,
    handler,
  });
  server = thrift.createWebServer({
    services: {
      "/binary": service("TBinaryProtocol"),
      "/compact": service("TCompactProtocol"),
      "/json": service("TJSONProtocol"),
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Runs the bin; resolves with its exit status and output. */
function thriftHttp(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, (error, out, err) => resolve({ status: error === null ? 0 : Number(error.code), out, err }));
  });
}

const insanity = {
  userMap: [
    ["FIVE", "5"],
    ["EIGHT", "8"],
  ],
  xtructs: [{ string_thing: "Goodbye4", byte_thing: 4, i32_thing: 4, i64_thing: "4" }],
};

/** [method, ARGS, what is printed]: every type of ThriftTest, there and back. */
const calls: [string, unknown, unknown][] = [
  [
    "testString",
    { thing: 'Afrikaans, العربية, 日本語 🎉 "\\/\b\f\n\r\t' },
    'Afrikaans, العربية, 日本語 🎉 "\\/\b\f\n\r\t',
  ],
  ["testBool", { thing: true }, true],
  ["testByte", { thing: -127 }, -127],
  ["testI32", { thing: -2147483648 }, -2147483648],
  ["testI64", { thing: "-9223372036854775808" }, "-9223372036854775808"],
  ["testI64", { thing: 9007199254740991 }, "9007199254740991"],
  ["testDouble", { thing: -5.2098523 }, -5.2098523],
  ["testBinary", { thing: "AAECAwT/" }, "AAECAwT/"],
  [
    "testStruct",
    { thing: { string_thing: "Zero", byte_thing: 1, i32_thing: -3, i64_thing: "-5" } },
    { string_thing: "Zero", byte_thing: 1, i32_thing: -3, i64_thing: "-5" },
  ],
  [
    "testNest",
    { thing: { byte_thing: 1, struct_thing: { string_thing: "Zero", i64_thing: "2" }, i32_thing: 5 } },
    { byte_thing: 1, struct_thing: { string_thing: "Zero", i64_thing: "2" }, i32_thing: 5 },
  ],
  [
    "testMap",
    {
      thing: [
        [0, -10],
        [1, -9],
        [2, -8],
      ],
    },
    [
      [0, -10],
      [1, -9],
      [2, -8],
    ],
  ],
  [
    "testStringMap",
    { thing: { a: "123", "a b": "with spaces ", "0": "numeric key" } },
    { "0": "numeric key", a: "123", "a b": "with spaces " },
  ],
  ["testSet", { thing: [1, -2, 3] }, [1, -2, 3]],
  ["testList", { thing: [1, 2, 3, -4] }, [1, 2, 3, -4]],
  ["testEnum", { thing: "FIVE" }, "FIVE"],
  ["testEnum", { thing: 8 }, "EIGHT"],
  ["testTypedef", { thing: "309858235082523" }, "309858235082523"],
  // Apache's generated code keeps maps in objects, which put integer keys in order.
  [
    "testMapMap",
    { hello: 1 },
    [
      [1, [[1, 1]]],
      [-1, [[-1, -1]]],
    ],
  ],
  [
    "testInsanity",
    { argument: insanity },
    [
      [
        "1",
        [
          ["TWO", insanity],
          ["THREE", insanity],
        ],
      ],
      ["2", [["SIX", {}]]],
    ],
  ],
  [
    "testMulti",
    { arg0: 9, arg1: 11, arg2: "12", arg3: [[1, "a"]], arg4: "TWO", arg5: "13" },
    { string_thing: "Hello2", byte_thing: 9, i32_thing: 11, i64_thing: "12" },
  ],
  ["testMultiException", { arg0: "Normal", arg1: "Hello" }, { string_thing: "Hello" }],
];

describe.each(["binary", "compact", "json"])("thrift-http call against Apache's createWebServer in %s", (protocol) => {
  const call = (method: string, args: unknown) =>
    thriftHttp(
      "call",
      "--idl",
      idl,
      "--service",
      "ThriftTest",
      "--protocol",
      protocol,
      `${url}/${protocol}`,
      method,
      JSON.stringify(args),
    );

  it.each(calls)(
    "When %s is called with %j Then the answer is printed and the status is 0",
    async (method, args, printed) => {
      expect(await call(method, args)).toEqual({ status: 0, out: `${JSON.stringify(printed)}\n`, err: "" });
    },
  );

  it("When a void method is called Then nothing is printed and the status is 0", async () => {
    expect(await call("testVoid", {})).toEqual({ status: 0, out: "", err: "" });
  });

  it("When a oneway method is called Then Apache's server never answers, and the call ends at its deadline with status 3", async () => {
    // Its processor writes no reply to a oneway call, so its web server sends no HTTP
    // answer at all (the starter's services answer 200 at once: README, "Oneway calls").
    const result = await thriftHttp(
      "call",
      "--idl",
      idl,
      "--service",
      "ThriftTest",
      "--protocol",
      protocol,
      "--timeout-ms",
      "200",
      `${url}/${protocol}`,
      "testOneway",
      '{"secondsToSleep": 0}',
    );

    expect(result).toEqual({
      status: 3,
      out: "",
      err: "thrift-http: timeout error: The call did not complete within its deadline of 200 ms\n",
    });
  });

  it.each([
    ["testException", { arg: "Xception" }, { exception: "Xception", fields: { errorCode: 1001, message: "Xception" } }],
    [
      "testMultiException",
      { arg0: "Xception2", arg1: "x" },
      { exception: "Xception2", fields: { errorCode: 2002, struct_thing: { string_thing: "This is an Xception2" } } },
    ],
  ])("When %s throws a declared exception Then it is printed and the status is 1", async (method, args, printed) => {
    expect(await call(method, args)).toEqual({ status: 1, out: `${JSON.stringify(printed)}\n`, err: "" });
  });

  it("When the handler fails Then Apache's TApplicationException is printed and the status is 1", async () => {
    const printed = { exception: "TApplicationException", fields: { type: "UNKNOWN", message: "the handler failed" } };
    expect(await call("testException", { arg: "TException" })).toEqual({
      status: 1,
      out: `${JSON.stringify(printed)}\n`,
      err: "",
    });
  });

  it("When the IDL has a method Apache's code does not (testUuid: its compiler predates uuid) Then its TApplicationException is printed", async () => {
    // UNKNOWN, not UNKNOWN_METHOD: Apache's 0.24 TApplicationException.write leaves the type out.
    const printed = {
      exception: "TApplicationException",
      fields: { type: "UNKNOWN", message: "Unknown function testUuid" },
    };
    expect(await call("testUuid", { thing: "00112233-4455-6677-8899-aabbccddeeff" })).toEqual({
      status: 1,
      out: `${JSON.stringify(printed)}\n`,
      err: "",
    });
  });
});

it("When the path is none of the server's Then its HTTP status is printed and the status is 3", async () => {
  const result = await thriftHttp("call", "--idl", idl, "--service", "ThriftTest", `${url}/nowhere`, "testVoid");

  expect(result).toEqual({ status: 3, out: "", err: "thrift-http: HTTP 403\n" });
});
