// The thrift-http bin: its commands, and the committed shim npm links before dist/ exists.
import { execFileSync, spawnSync } from "node:child_process";
import {
  accessSync,
  constants,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { usage } from "./commands";
import { runTool } from "./__fixtures__/run";

const shared = join(__dirname, "..", "..");

describe("thrift-http", () => {
  it("When called without a command Then it prints the commands on stderr and exits 2", async () => {
    expect(await runTool([])).toEqual({ status: 2, out: "", err: usage() });
    expect(usage()).toContain(
      [
        "  call      call a method of a service over HTTP, arguments and result in JSON",
        "  list      list the services of an IDL file: methods, signatures, policies",
        "  breaking  the changes between two versions of an IDL that break deployed peers",
      ].join("\n"),
    );
  });

  it("When asked for help Then it prints the commands and exits 0", async () => {
    expect(await runTool(["--help"])).toEqual({ status: 0, out: usage(), err: "" });
  });

  it("When the command is breaking Then thrift-http breaking runs, its lines ended, its exit status kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), "thrift-http-breaking-"));
    try {
      writeFileSync(join(dir, "old.thrift"), "service S {\n  void a()\n  void b()\n}\n");
      writeFileSync(join(dir, "new.thrift"), "service S {\n  void a()\n}\n");

      expect(await runTool(["breaking", join(dir, "old.thrift"), join(dir, "new.thrift")])).toEqual({
        status: 1,
        out: `${join(dir, "old.thrift")}:3:3: break method-removed: S.b: no longer served by S\n1 breaking change\n`,
        err: "",
      });
      expect(await runTool(["breaking", join(dir, "old.thrift"), join(dir, "old.thrift")])).toEqual({
        status: 0,
        out: "compatible: no changes\n",
        err: "",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("When given an unknown command Then it says so and exits 2", async () => {
    expect(await runTool(["cal"])).toEqual({
      status: 2,
      out: "",
      err: `thrift-http: unknown command "cal"\n\n${usage()}`,
    });
  });
});

describe("the thrift-http shim (shared/bin/thrift-http.js)", () => {
  let dir: string;
  beforeEach(() => {
    // The shim as npm links it, in a package of its own: bin/ beside dist/.
    dir = mkdtempSync(join(tmpdir(), "thrift-http-bin-"));
    mkdirSync(join(dir, "bin"));
    copyFileSync(join(shared, "bin", "thrift-http.js"), join(dir, "bin", "thrift-http.js"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is the package's bin, executable, so npm links node_modules/.bin/thrift-http", () => {
    const manifest = JSON.parse(readFileSync(join(shared, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(manifest.bin["thrift-http"]).toBe("bin/thrift-http.js");
    expect(() => accessSync(join(shared, "bin", "thrift-http.js"), constants.X_OK)).not.toThrow();
  });

  it("When dist/ is not built Then it says how to build it and exits 2", () => {
    const result = spawnSync(process.execPath, [join(dir, "bin", "thrift-http.js"), "list"], { encoding: "utf8" });

    expect([result.status, result.stdout, result.stderr]).toEqual([
      2,
      "",
      "thrift-http: not built yet: run `npm run build` (or `make build`) in the repository first\n",
    ]);
  });

  it("When dist/ is built Then it runs dist/tools/cli.js with the arguments", () => {
    mkdirSync(join(dir, "dist", "tools"), { recursive: true });
    writeFileSync(
      join(dir, "dist", "tools", "cli.js"),
      "process.stdout.write(JSON.stringify(process.argv.slice(2)));\n",
    );

    expect(
      execFileSync(process.execPath, [join(dir, "bin", "thrift-http.js"), "call", "--idl", "x"], { encoding: "utf8" }),
    ).toBe('["call","--idl","x"]');
  });
});
