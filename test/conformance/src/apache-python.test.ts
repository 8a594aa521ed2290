// Apache's Python library (Debian's python3-thrift, its THttpClient) with code Apache's
// compiler generates for ThriftTest, in binary, compact, JSON and THeader, plain and
// multiplexed:
// python/test_client.py makes the calls Apache's Python test client makes and checks the
// same results. Needs `thrift` and a Python that imports thrift
// (scripts/conformance-ensure.sh, run by `make test-conformance`, installs both on Debian).
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateWithApache } from "./__fixtures__/apache-idl";
import { startConformanceServer, type StartedServer } from "./__fixtures__/server";

const root = join(__dirname, "..");
// Apache's Python test client's protocols: accel and accelc are python3-thrift's C
// encoders, header and multih THeader frames around binary messages (header-frame.ts).
const protocols = [
  ...["binary", "compact", "json", "accel", "accelc", "header"],
  ...["multi", "multic", "multij", "multia", "multiac", "multih"],
] as const;
// The checks of python/test_client.py; the multiplexed runs add testMultiplexed.
const checks = [
  "testVoid",
  "testString",
  "testBool",
  "testByte",
  "testI32",
  "testI64",
  "testDouble",
  "testBinary",
  "testStruct",
  "testNest",
  "testMap",
  "testStringMap",
  "testSet",
  "testList",
  "testEnum",
  "testTypedef",
  "testMapMap",
  "testInsanity",
  "testMulti",
  "testException",
  "testMultiException",
  "testOneway",
  "testOnewayThenNormal",
];

/** The first of $CONFORMANCE_PYTHON, /usr/bin/python3 and python3 that imports thrift. */
function findPython(): string {
  const candidates = [process.env.CONFORMANCE_PYTHON, "/usr/bin/python3", "python3"].filter(Boolean) as string[];
  for (const python of candidates) {
    try {
      execFileSync(python, ["-c", "import thrift"], { stdio: "ignore" });
      return python;
    } catch {
      // the next one
    }
  }
  throw new Error(
    `No Python imports thrift (tried ${candidates.join(", ")}): run scripts/conformance-ensure.sh, ` +
      "or `make test-conformance`, which installs python3-thrift on Debian",
  );
}

function run(python: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(root, "python", "test_client.py"), ...args]);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let server: StartedServer;
const clientArgs = (path: string, protocol: string) => [
  "--gen-dir",
  generated,
  "--port",
  String(server.port),
  "--path",
  path,
  "--protocol",
  protocol,
];
let python: string;
let generated: string;
beforeAll(async () => {
  python = findPython();
  generated = mkdtempSync(join(tmpdir(), "conformance-py-"));
  generateWithApache("py", generated);
  server = await startConformanceServer();
});
afterAll(async () => {
  rmSync(generated, { recursive: true, force: true });
  expect(await server?.close()).toBe(0);
});

describe("Apache's Python THttpClient", () => {
  it.each(protocols)(
    "When it runs Apache's checks over %s Then every one passes",
    async (protocol) => {
      const { code, stdout, stderr } = await run(python, clientArgs("/ThriftTest", protocol));
      const multiplexed = protocol.startsWith("multi");
      const expected = multiplexed ? ["testVoid", "testString", "testMultiplexed", ...checks.slice(2)] : checks;
      const summary = `${protocol}: ${expected.length} of ${expected.length} checks passed`;
      // The whole output: a failing check's line says what differed (its traceback is on stderr).
      expect({ code, stdout, stderr: code === 0 ? "" : stderr }).toEqual({
        code: 0,
        stdout: [...expected.map((check) => `ok ${check}`), summary, ""].join("\n"),
        stderr: "",
      });
    },
    60_000,
  );

  it("When a check fails Then the client says which and exits non-zero (it can fail)", async () => {
    // The JSON error of a path nobody serves, read as a Thrift reply.
    const { code, stdout } = await run(python, clientArgs("/nothing-here", "binary"));
    expect(code).toBe(1);
    expect(stdout).toContain("FAIL testString: ");
  }, 60_000);
});
