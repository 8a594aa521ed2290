// thrift-http call given a wrong command line, IDL or arguments: each mistake said
// plainly, nothing sent, exit status 2.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { callUsage } from "./call-options";
import { kitchenIdl } from "./__fixtures__/kitchen";
import { runTool } from "./__fixtures__/run";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "thrift-http-usage-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("thrift-http call, when it is called wrongly", () => {
  const hint = "(thrift-http call --help shows the usage)\n";

  it.each([
    ["no --idl", ["http://127.0.0.1/kitchen", "ping"], "--idl FILE is required: the IDL of the service called"],
    ["no method", ["--idl", kitchenIdl, "http://127.0.0.1/kitchen"], "expected URL METHOD [ARGS], got 1 argument"],
    [
      "an unknown option",
      ["--idl", kitchenIdl, "--colour", "http://127.0.0.1/kitchen", "ping"],
      /^Unknown option '--colour'/,
    ],
    [
      "an unknown protocol",
      ["--idl", kitchenIdl, "--protocol", "xml", "http://127.0.0.1/kitchen", "ping"],
      '--protocol must be binary, compact, json, got "xml"',
    ],
    ["a missing IDL", ["--idl", "nowhere.thrift", "http://127.0.0.1/kitchen", "ping"], "nowhere.thrift: no such file"],
    [
      "an unknown method",
      ["--idl", kitchenIdl, "http://127.0.0.1/kitchen", "bake"],
      "Kitchen has no method bake: its methods are echo, ping, shapes, fire, fail, simplify",
    ],
    [
      "an unknown service",
      ["--idl", kitchenIdl, "--service", "Pantry", "http://127.0.0.1/kitchen", "ping"],
      `${kitchenIdl} has no service Pantry: it has Kitchen`,
    ],
    [
      "ARGS that are not JSON",
      ["--idl", kitchenIdl, "http://127.0.0.1/kitchen", "shapes", "{ids: 1}"],
      /^ARGS is not JSON: \S/,
    ],
    [
      "ARGS that are not an object",
      ["--idl", kitchenIdl, "http://127.0.0.1/kitchen", "shapes", "[1]"],
      "ARGS: expected the arguments of Kitchen.shapes as an object keyed by parameter name, got an array",
    ],
    [
      "an unknown parameter",
      ["--idl", kitchenIdl, "http://127.0.0.1/kitchen", "shapes", '{"idz": []}'],
      'ARGS: Kitchen.shapes has no parameter "idz": its parameters are ids, color, limit',
    ],
    [
      "a missing argument",
      ["--idl", kitchenIdl, "http://127.0.0.1/kitchen", "shapes", "{}"],
      "ARGS: ids: missing argument (list<Id>)",
    ],
    [
      "a value of the wrong type",
      ["--idl", kitchenIdl, "http://127.0.0.1/kitchen", "shapes", '{"ids": ["1", "x"]}'],
      'ARGS: ids[1]: expected a decimal string, or an integer within ±(2^53 - 1) for Id, got "x"',
    ],
    [
      "an i64 past 2^53 as a number",
      ["--idl", kitchenIdl, "http://127.0.0.1/kitchen", "shapes", '{"ids": [9007199254740993]}'],
      "ARGS: ids[0]: expected a decimal string, or an integer within ±(2^53 - 1) (larger ones must be strings: a JSON number this large is not exact) for Id, got 9007199254740992",
    ],
    [
      "an unknown enum member",
      ["--idl", kitchenIdl, "http://127.0.0.1/kitchen", "shapes", '{"ids": [], "color": "PINK"}'],
      'ARGS: color: expected a member of Color (RED, GREEN, BLUE) or an i32 for Color, got "PINK"',
    ],
    [
      "a deep mistake",
      ["--idl", kitchenIdl, "http://127.0.0.1/kitchen", "echo", '{"value": {"aBool": 1}}'],
      "ARGS: value.aBool: expected true or false for bool, got 1",
    ],
    [
      "a map keyed by structs, over --protocol json",
      [
        "--idl",
        kitchenIdl,
        "--protocol",
        "json",
        "http://127.0.0.1/kitchen",
        "echo",
        JSON.stringify({
          value: {
            ...{ aBool: true, aByte: 1, anI8: 1, anI16: 1, anI32: 1, anI64: 1, aDouble: 1, aString: "", aBinary: "" },
            ...{ color: "RED", id: 1, keyed: { byPoint: [[{ x: 1, y: 2 }, "a"]] } },
          },
        }),
      ],
      "Cannot encode the arguments of echo: TJSON cannot write a map whose keys are structs: JSON keys are strings (binary and compact can)",
    ],
    [
      "--auth without a password",
      ["--idl", kitchenIdl, "--auth", "cook", "http://127.0.0.1/kitchen", "ping"],
      "--auth must be USER:PASSWORD",
    ],
    [
      "--auth and --bearer",
      ["--idl", kitchenIdl, "--auth", "a:b", "--bearer", "t", "http://127.0.0.1/kitchen", "ping"],
      "give --auth or --bearer, not both",
    ],
    [
      "a malformed header",
      ["--idl", kitchenIdl, "-H", "no-colon", "http://127.0.0.1/kitchen", "ping"],
      '--header must be NAME:VALUE, got "no-colon"',
    ],
    [
      "a header the client sets",
      ["--idl", kitchenIdl, "-H", "Content-Type: text/plain", "http://127.0.0.1/kitchen", "ping"],
      "Header content-type is set by the client and cannot be given",
    ],
    [
      "a bad --timeout-ms",
      ["--idl", kitchenIdl, "--timeout-ms", "1.5", "http://127.0.0.1/kitchen", "ping"],
      '--timeout-ms must be a positive whole number of milliseconds, got "1.5"',
    ],
    [
      "an unreadable --ca",
      ["--idl", kitchenIdl, "--ca", "/nonexistent/ca.pem", "http://127.0.0.1/kitchen", "ping"],
      "--ca: cannot read /nonexistent/ca.pem: ENOENT",
    ],
    [
      "a URL that is not one",
      ["--idl", kitchenIdl, "localhost:8443/kitchen", "ping"],
      'url must be an absolute http or https URL, got "localhost:8443/kitchen"',
    ],
    [
      "--http2 over http",
      ["--idl", kitchenIdl, "--http2", "http://127.0.0.1/kitchen", "ping"],
      "http2 needs an https url: HTTP/2 is negotiated through TLS ALPN",
    ],
  ] as [string, string[], string | RegExp][])(
    "When given %s Then it says what is wrong, sends nothing and exits 2",
    async (_case, args, message) => {
      const result = await runTool(["call", ...args]);

      const said =
        result.err.startsWith("thrift-http call: ") && result.err.endsWith(`\n${hint}`)
          ? result.err.slice(18, -hint.length - 1)
          : result.err;
      expect({ ...result, err: said }).toEqual({
        status: 2,
        out: "",
        err: typeof message === "string" ? message : expect.stringMatching(message),
      });
    },
  );

  it("When the IDL has a mistake Then it is printed where it is and it exits 2", async () => {
    const idl = join(dir, "broken.thrift");
    writeFileSync(idl, "service Kitchen {\n  void bake(1: Oven oven)\n}\n");

    expect(await runTool(["call", "--idl", idl, "http://127.0.0.1/kitchen", "bake"])).toEqual({
      status: 2,
      out: "",
      err: `thrift-http call: ${idl}:2:16: Kitchen.bake.oven: unknown type Oven\n${hint}`,
    });
  });

  it("When asked for help Then it prints the usage and exits 0", async () => {
    expect(await runTool(["call", "--help"])).toEqual({ status: 0, out: callUsage, err: "" });
  });
});
