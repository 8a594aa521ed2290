// thrift-http list: the services of an IDL file, with their methods' signatures and
// policies, inherited methods included.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listUsage } from "./list";
import { runTool } from "./__fixtures__/run";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "thrift-http-list-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const root = join(__dirname, "..", "..", "..");
const includes = join(__dirname, "..", "codegen", "fixtures", "includes");

describe("thrift-http list", () => {
  it("When given a service's IDL Then it prints every method's signature, doc and policies as the IDL writes them", async () => {
    expect(await runTool(["list", "--idl", join(root, "services", "data", "data.thrift")])).toEqual({
      status: 0,
      out: [
        "service DataService {",
        "  // Liveness of the service itself, through every hop (gateway, replica).",
        '  void ping() (idempotency = "no_side_effects")',
        "  // Shared answer: the same for every caller, so the gateway may cache it for all.",
        '  Entry get(1: string key) throws (1: KeyNotFound notFound) (idempotency = "no_side_effects", cache.max_age = "5", cache.shared = "true")',
        "  // Writing the same value twice has the effect of writing it once.",
        '  Entry put(1: string key, 2: binary value) (idempotency = "idempotent", timeout_ms = "2000")',
        '  bool remove(1: string key) (idempotency = "idempotent")',
        "  // Not idempotent: a retried increment would count twice, so it is sent once.",
        "  i64 increment(1: string key, 2: i64 delta) throws (1: CounterOverflow overflow)",
        "  // Fire and forget, durably: answered (200, empty body) once the call is kept in the",
        "  // database, then applied exactly once by any replica, even if the one that took it dies.",
        '  oneway void incrementLater(1: string key, 2: i64 delta) (durable = "true")',
        '  i64 counter(1: string key) (idempotency = "no_side_effects")',
        "}",
        "",
      ].join("\n"),
      err: "",
    });
  });

  it("When a service extends others, of included files too Then their methods are listed first, under the service that declares them", async () => {
    const args = ["list", "--idl", join(includes, "app.thrift"), "-I", join(includes, "lib"), "--service", "Store"];

    expect(await runTool(args)).toEqual({
      status: 0,
      out: [
        "service Store extends Shop {",
        "  // from base.BaseService",
        '  base.Status status() (idempotency = "no_side_effects", cache.max_age = "1")',
        '  void reset(1: string key) throws (1: base.NotFound notFound) (idempotency = "idempotent")',
        "  // from Shop",
        '  Order order(1: types.Id id) throws (1: base.NotFound notFound) (idempotency = "no_side_effects", cache.max_age = "5")',
        "  oneway void restock(1: i32 count)",
        "}",
        "",
      ].join("\n"),
      err: "",
    });
  });

  it("When parameters are optional or have defaults Then they say so, defaults in the JSON of thrift-http call", async () => {
    const { out } = await runTool(["list", "--idl", join(__dirname, "..", "codegen", "fixtures", "everything.thrift")]);

    expect(out.split("\n")).toContain(
      '  map<Id, Shape> shapes(1: list<Id> ids, 2: optional Color color, 3: i32 limit = 10) throws (1: NotFound notFound, 2: Conflict conflict) (idempotency = "no_side_effects", cache.max_age = "60", cache.shared = "true")',
    );
  });

  it.each([
    [
      ["--service", "Pantry", "--idl", join(root, "services", "data", "data.thrift")],
      `${join(root, "services", "data", "data.thrift")} has no service Pantry: it has DataService`,
    ],
    [[], "--idl FILE is required"],
    [["--idl", "nowhere.thrift"], "nowhere.thrift: no such file"],
    [
      ["--idl", join(includes, "app.thrift")],
      `${join(includes, "app.thrift")}:18:6: Order.status: unknown type base.Status: include "base.thrift" was not found in ${includes}`,
    ],
  ])("When given %j Then it says what is wrong and exits 2", async (args, message) => {
    const result = await runTool(["list", ...args]);

    expect(result.status).toBe(2);
    expect(result.out).toBe("");
    expect(result.err).toContain(message);
  });

  it("When the file declares no service, nor includes one Then it says so and exits 0: a file of types is valid", async () => {
    const file = join(dir, "types.thrift");
    writeFileSync(file, "struct Point { 1: i32 x; 2: i32 y }\n");
    expect(await runTool(["list", "--idl", file])).toEqual({
      status: 0,
      out: `// ${file} declares no service, nor includes one\n`,
      err: "",
    });
  });

  it("When a doc comment holds control characters Then they are escaped: the IDL's text does not drive the terminal", async () => {
    const file = join(dir, "doc.thrift");
    writeFileSync(file, "service S {\n  // title\u001b]0;pwned\u0007 bell\u0085 tab\tkept\n  void ping()\n}\n");
    expect(await runTool(["list", "--idl", file])).toEqual({
      status: 0,
      out: "service S {\n  // title\\u001b]0;pwned\\u0007 bell\\u0085 tab\tkept\n  void ping()\n}\n",
      err: "",
    });
  });

  it("When asked for help Then it prints the usage and exits 0", async () => {
    expect(await runTool(["list", "--help"])).toEqual({ status: 0, out: listUsage, err: "" });
  });
});
