// Echo through the gateway as a stock Thrift client calls it, not ours: Apache's Python
// library (Debian's python3-thrift), its THttpClient over HTTPS with the run's CA, the
// credentials as a custom header, in every protocol it has, THeader included. Needs
// `thrift` and a Python that imports thrift: scripts/conformance-ensure.sh (which
// `make test-stack` runs) installs both on Debian, and names the Python in STACK_PYTHON.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { authorization, callers, stack } from "./stack";

const root = join(__dirname, "..", "..");
const python = process.env["STACK_PYTHON"] || "python3";
let genDir: string;

beforeAll(() => {
  genDir = mkdtempSync(join(tmpdir(), "stock-py-"));
  execFileSync("thrift", ["--gen", "py", "-out", genDir, join(root, "services", "echo", "echo.thrift")]);
});
afterAll(() => rmSync(genDir, { recursive: true, force: true }));

/** What python/echo_client.py printed: `{ msg }`, or `{ error, status }` for an exception. */
function callEcho(protocol: string, message: string, credentials: string): Promise<unknown> {
  const args = [join(__dirname, "python", "echo_client.py"), "--gen-dir", genDir, "--url", `${stack.gatewayUrl}/echo`];
  args.push("--cafile", process.env["STACK_CA_FILE"]!, "--authorization", credentials);
  args.push("--protocol", protocol, "--message", message);
  return new Promise((resolve, reject) => {
    execFile(python, args, { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${python} echo_client.py failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

describe("Echo through the gateway, from Apache's Python THttpClient over HTTPS", () => {
  test.each(["binary", "compact", "json", "header"])(
    "When it calls echo in %s with Basic credentials Then the message comes back whole",
    async (protocol) => {
      const message = `stock ${protocol}: héllo ✓ "quoted" \\ 日本語`;
      await expect(callEcho(protocol, message, authorization(callers.alice))).resolves.toEqual({ msg: message });
    },
  );

  test("When it calls with a Bearer token Then the message comes back", async () => {
    await expect(callEcho("compact", "bearer", authorization(callers.ci))).resolves.toEqual({ msg: "bearer" });
  });

  test("When it calls without credentials Then the call raises, the 401's JSON read as no reply", async () => {
    // python3-thrift 0.17 reads any answer as a reply: the JSON as a message too short for
    // the length its first bytes give (EOFError).
    await expect(callEcho("binary", "anonymous", "")).resolves.toEqual({ error: expect.any(String), status: 401 });
  });
});
