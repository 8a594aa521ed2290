// thrift-http call against a service started natively, in-process, as every service of
// the starter is (auth, request ids, X-Served-By): each exit status, every Thrift type
// through the JSON mapping, declared exceptions, TApplicationException, HTTP failures and
// -v. Usage errors are in call-usage.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { structOf } from "../codegen/fixtures/arbitrary";
import * as generated from "../codegen/fixtures/everything";
import { protocols } from "../codegen/fixtures/round-trip";
import type { TypeRef } from "../codegen/model";
import { loadProgram } from "../codegen/resolve/program";
import { DynamicCodecs } from "../dynamic/codec";
import { toJsonText } from "../dynamic/json-write";
import { closedPort, createTlsFiles, startServer, type TestServer } from "../client/__fixtures__/servers";
import { credentials, kitchenIdl, startKitchen, type RunningKitchen } from "./__fixtures__/kitchen";
import { runTool } from "./__fixtures__/run";

const basic = `${credentials.user}:${credentials.password}`;
let kitchen: RunningKitchen;
let dir: string;

beforeAll(async () => {
  kitchen = await startKitchen();
  dir = mkdtempSync(join(tmpdir(), "thrift-http-call-"));
});
afterAll(async () => {
  await kitchen.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `thrift-http call --idl everything.thrift --auth … [OPTIONS] <kitchen> METHOD ARGS` (see kitchen.ts for the timeout). */
const call = (...args: string[]) =>
  runTool([
    "call",
    "--idl",
    kitchenIdl,
    "--auth",
    basic,
    "--timeout-ms",
    "10000",
    ...args.slice(0, -2),
    kitchen.url,
    ...args.slice(-2),
  ]);

// A value of every field of Everything, in the JSON mapping, as it is printed back.
const everything = {
  aBool: true,
  aByte: -128,
  anI8: 127,
  anI16: -32768,
  anI32: 2147483647,
  anI64: "-9223372036854775808",
  aDouble: -0.5,
  aString: 'grüße, 世界 🎉 "quoted" \n',
  aBinary: "AP8Q",
  color: "BLUE",
  id: "9007199254740993",
  tags: ["a", "b"],
  matrix: [[1, 2], [], [3]],
  labels: ["x"],
  points: { origin: { x: 0, y: -0 }, "a b": { x: 1e300, y: -2.5e-300 } },
  shapesById: [["1", [{ radius: 2 }, { point: { x: 1, y: 2 } }, { polygon: [] }]]],
  shape: { polygon: [{ x: 1, y: 1 }] },
  colors: ["RED", 7],
  flags: [true, false],
  nested: [["GREEN", ["1", "2"]]],
  defaults: {
    flag: false,
    count: 1,
    name: "n",
    color: "RED",
    tags: [],
    origin: { x: 0, y: 0 },
    big: "1",
    named: {},
    corners: [],
    shape: { radius: 1 },
    bytes: "",
    scale: 2,
    offset: 0,
    moreTags: ["m"],
    byColor: [],
    owner: "-1",
  },
  plain: "",
  blobs: ["", "AA==", "/w=="],
  strict: { level: 0, names: ["n"] },
  keyed: {
    byPoint: [[{ x: 1, y: 2 }, "p"]],
    points: [{ x: 3, y: 4 }],
    byBytes: [["AQI=", 1]],
    rows: [[1], []],
    bySet: [[["s"], { radius: 0 }]],
    byMap: [[{ k: 1 }, true]],
    shapes: [{ radius: 3 }],
    names: [[{ x: 5, y: 6 }, "q"]],
    byId: [["-1", "minus one"]],
    ratios: [0.25, "NaN", "Infinity", "-Infinity"],
  },
};

describe("thrift-http call", () => {
  it("When a method is called with JSON arguments Then it prints the result in the JSON mapping and exits 0", async () => {
    expect(await call("shapes", '{"ids": ["1", 2], "color": "RED"}')).toEqual({
      status: 0,
      out: '[["1",{"radius":1}],["2",{"radius":2}]]\n',
      err: "",
    });
  });

  it.each(["binary", "compact"])(
    "When every Thrift type goes to the server and back in %s Then it prints what it was given",
    async (protocol) => {
      const result = await call("--protocol", protocol, "echo", JSON.stringify({ value: everything }));

      expect(result).toEqual({ status: 0, out: `${JSON.stringify(everything)}\n`, err: "" });
    },
  );

  it("When every type the JSON protocol carries goes to the server and back in json Then it prints what it was given", async () => {
    // Maps keyed by structs or containers cannot be JSON protocol maps (docs/codegen.md).
    const { byPoint: _p, bySet: _s, byMap: _m, names: _n, ...keyed } = everything.keyed;
    const value = { ...everything, keyed };

    expect(await call("--protocol", "json", "echo", JSON.stringify({ value }))).toEqual({
      status: 0,
      out: `${JSON.stringify(value)}\n`,
      err: "",
    });
  });

  it("When random values of every type go to the server and back, in each protocol Then each is printed as it was given", async () => {
    const model = loadProgram(kitchenIdl).modules.at(-1)!;
    const codecs = new DynamicCodecs(model);
    const everythingType: TypeRef = { kind: "struct", name: "Everything" };
    const calls = fc
      .constantFrom(...protocols)
      .chain((protocol) =>
        structOf(model, generated, "Everything", { json: protocol === "json" }).map(
          (value) => [protocol, value] as const,
        ),
      );
    await fc.assert(
      fc.asyncProperty(calls, async ([protocol, value]) => {
        const text = toJsonText(codecs, everythingType, value);
        expect(await call("--protocol", protocol, "echo", `{"value": ${text}}`)).toEqual({
          status: 0,
          out: `${text}\n`,
          err: "",
        });
      }),
      { numRuns: 30 },
    );
  });

  it("When --pretty is given Then the JSON is indented", async () => {
    expect(await call("--pretty", "shapes", '{"ids": ["1"]}')).toEqual({
      status: 0,
      out: '[\n  [\n    "1",\n    {\n      "radius": 1\n    }\n  ]\n]\n',
      err: "",
    });
  });

  it("When a void method returns Then nothing is printed and it exits 0", async () => {
    expect(await call("ping", "{}")).toEqual({ status: 0, out: "", err: "" });
  });

  it("When a oneway method is called Then it exits 0 once accepted, and the handler runs", async () => {
    expect(await call("fire", '{"event": "lit"}')).toEqual({ status: 0, out: "", err: "" });
    await kitchen.firedCount(1);
    expect(kitchen.fired).toEqual(["lit"]);
  });

  it.each([
    ["NotFound", '{"ids": ["404"]}', { exception: "NotFound", fields: { key: "404", message: "no shape 404" } }],
    ["Conflict", '{"ids": ["409"]}', { exception: "Conflict", fields: { id: "409", reasons: ["taken", "twice"] } }],
  ])(
    "When the server throws the declared %s Then it is printed with its name and fields and it exits 1",
    async (_name, args, printed) => {
      expect(await call("shapes", args)).toEqual({ status: 1, out: `${JSON.stringify(printed)}\n`, err: "" });
    },
  );

  it("When a declared exception holds another Then both are printed", async () => {
    const printed = { exception: "Chain", fields: { reason: "outer", inner: { reason: "inner" } } };
    expect(await call("fail", "{}")).toEqual({ status: 1, out: `${JSON.stringify(printed)}\n`, err: "" });
  });

  it("When the handler fails Then the TApplicationException is printed and it exits 1", async () => {
    const printed = {
      exception: "TApplicationException",
      fields: { type: "INTERNAL_ERROR", message: "Internal error" },
    };
    expect(await call("shapes", '{"ids": ["500"]}')).toEqual({
      status: 1,
      out: `${JSON.stringify(printed)}\n`,
      err: "",
    });
  });

  it("When the IDL has a method the server does not Then UNKNOWN_METHOD is printed and it exits 1", async () => {
    const idl = join(dir, "newer.thrift");
    writeFileSync(idl, "service Kitchen {\n  void bake(1: i32 minutes)\n}\n");
    const printed = {
      exception: "TApplicationException",
      fields: { type: "UNKNOWN_METHOD", message: "Unknown method bake" },
    };

    expect(await runTool(["call", "--idl", idl, "--auth", basic, kitchen.url, "bake", '{"minutes": 20}'])).toEqual({
      status: 1,
      out: `${JSON.stringify(printed)}\n`,
      err: "",
    });
  });
});

describe("thrift-http call, when the call fails over HTTP", () => {
  let silent: TestServer | undefined;
  afterEach(async () => {
    await silent?.close();
    silent = undefined;
  });

  it("When the credentials are wrong Then it prints the status and the JSON error body and exits 3", async () => {
    const result = await runTool(["call", "--idl", kitchenIdl, "--bearer", "wrong", kitchen.url, "ping"]);

    expect(result).toEqual({
      status: 3,
      out: "",
      err: 'thrift-http: HTTP 401\n{"code":"unauthenticated","message":"invalid credentials"}\n',
    });
  });

  it("When the URL is no service's Then the 404 is printed and it exits 3", async () => {
    const result = await runTool([
      "call",
      "--idl",
      kitchenIdl,
      "--auth",
      basic,
      kitchen.url.replace("/kitchen", "/pantry"),
      "ping",
    ]);

    expect(result).toEqual({
      status: 3,
      out: "",
      err: 'thrift-http: HTTP 404\n{"code":"not_found","message":"no route for GET /pantry/ping"}\n',
    });
  });

  it("When nothing listens at the URL Then the transport error is printed and it exits 3", async () => {
    const port = await closedPort();
    const result = await runTool([
      "call",
      "--idl",
      kitchenIdl,
      `http://127.0.0.1:${port}/kitchen`,
      "fire",
      '{"event": "e"}',
    ]);

    expect(result).toEqual({
      status: 3,
      out: "",
      err: `thrift-http: transport error: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    });
  });

  it("When the server does not answer within --timeout-ms Then it prints the timeout and exits 3", async () => {
    silent = await startServer(() => {});
    const result = await runTool([
      "call",
      "--idl",
      kitchenIdl,
      "--timeout-ms",
      "50",
      `${silent.url}/kitchen`,
      "fire",
      '{"event": "e"}',
    ]);

    expect(result).toEqual({
      status: 3,
      out: "",
      err: "thrift-http: timeout error: The call did not complete within its deadline of 50 ms\n",
    });
  });

  it("When a 2xx answer is not a Thrift reply Then the protocol error is printed and it exits 3", async () => {
    silent = await startServer((_exchange, response) => response.end("<html>hello</html>"));
    const result = await runTool(["call", "--idl", kitchenIdl, `${silent.url}/kitchen`, "fail"]);

    expect(result).toEqual({
      status: 3,
      out: "",
      err: "thrift-http: protocol error: Invalid reply to fail (content-type none): Unexpected end of message\n",
    });
  });

  it("When an error answer is not JSON Then its size and type are printed, not its bytes", async () => {
    silent = await startServer((_exchange, response) => {
      response.statusCode = 502;
      response.setHeader("content-type", "text/html");
      response.end("<h1>\u001b[31mBad gateway</h1>");
    });
    const result = await runTool(["call", "--idl", kitchenIdl, `${silent.url}/kitchen`, "fail"]);

    expect(result).toEqual({ status: 3, out: "", err: "thrift-http: HTTP 502\n(25 bytes of text/html)\n" });
  });
});

describe("thrift-http call -v", () => {
  const normalized = (text: string) =>
    text
      .replace(/\d+\.\d ms/g, "N ms")
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
      .replaceAll(kitchen.url, "<url>");

  it("When a no_side_effects method is called Then it goes as GET, and each answer's status, headers and time are on stderr", async () => {
    const result = await call("-v", "ping", "{}");

    expect({ ...result, err: normalized(result.err) }).toEqual({
      status: 0,
      out: "",
      err: [
        "* GET <url>/ping?m=…: HTTP 200 after N ms (attempt 1)",
        "  x-served-by: kitchen-1",
        "  x-request-id: <uuid>",
        "* Kitchen.ping: N ms in all",
        "",
      ].join("\n"),
    });
  });

  it("When --post is given Then a no_side_effects method goes as POST", async () => {
    const result = await call("-v", "--post", "ping", "{}");

    expect(normalized(result.err).split("\n")[0]).toBe("* POST <url>: HTTP 200 after N ms (attempt 1)");
  });

  it("When the call fails over HTTP Then -v shows the answer too", async () => {
    const result = await runTool(["call", "-v", "--idl", kitchenIdl, kitchen.url, "ping"]);

    expect({ ...result, err: normalized(result.err) }).toEqual({
      status: 3,
      out: "",
      err: [
        "* GET <url>/ping?m=…: HTTP 401 after N ms (attempt 1)",
        "  x-served-by: kitchen-1",
        "  x-request-id: <uuid>",
        "thrift-http: HTTP 401",
        '{"code":"unauthenticated","message":"credentials required"}',
        "* Kitchen.ping: N ms in all",
        "",
      ].join("\n"),
    });
  });
});

describe("thrift-http call, what it sends", () => {
  it("When headers are given Then the handler sees them", async () => {
    await call("-H", "X-Trace: abc", "--header", "x-other:1", "ping", "{}");

    expect(kitchen.pinged.at(-1)).toMatchObject({ "x-trace": "abc", "x-other": "1" });
  });

  it.each([
    ["--bearer", ["--bearer", credentials.token], {}],
    ["THRIFT_HTTP_BEARER", [], { THRIFT_HTTP_BEARER: credentials.token }],
    ["THRIFT_HTTP_AUTH", [], { THRIFT_HTTP_AUTH: basic }],
  ])("When the credentials come from %s Then the call is authenticated", async (_from, args, env) => {
    const result = await runTool(["call", "--idl", kitchenIdl, ...args, kitchen.url, "ping"], { env });

    expect(result).toEqual({ status: 0, out: "", err: "" });
  });

  it("When ARGS is - Then the arguments are read from standard input", async () => {
    const result = await runTool(["call", "--idl", kitchenIdl, "--auth", basic, kitchen.url, "shapes", "-"], {
      stdin: '{"ids": ["3"]}',
    });

    expect(result).toEqual({ status: 0, out: '[["3",{"radius":3}]]\n', err: "" });
  });

  it("When ARGS is @FILE Then the arguments are read from the file", async () => {
    const file = join(dir, "args.json");
    writeFileSync(file, '{"ids": ["4"]}');

    expect(await call("shapes", `@${file}`)).toEqual({ status: 0, out: '[["4",{"radius":4}]]\n', err: "" });
  });

  it("When the service is served over TLS Then --ca trusts its CA and --http2 is used", async () => {
    const tls = createTlsFiles();
    const ca = join(dir, "ca.pem");
    writeFileSync(ca, tls.ca);
    const secure = await startKitchen({ tls });
    try {
      const result = await runTool([
        "call",
        "--idl",
        kitchenIdl,
        "--auth",
        basic,
        "--ca",
        ca,
        "--http2",
        secure.url,
        "shapes",
        '{"ids": ["5"]}',
      ]);
      expect(result).toEqual({ status: 0, out: '[["5",{"radius":5}]]\n', err: "" });
      const untrusted = await runTool(["call", "--idl", kitchenIdl, "--auth", basic, secure.url, "ping"]);
      expect(untrusted).toMatchObject({
        status: 3,
        out: "",
        err: expect.stringMatching(/^thrift-http: transport error: .*certificate/),
      });
    } finally {
      await secure.close();
    }
  });
});
