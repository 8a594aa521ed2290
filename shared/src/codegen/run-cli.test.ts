import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "./generate";
import { runCli } from "./run-cli";

const fixtures = join(__dirname, "fixtures");
const idl = 'struct Greeting {\n  1: string text = "hi"\n}\n';

/** Runs the CLI, capturing what it prints. */
function run(...args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

let dir: string;
let input: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "thrift-http-gen-"));
  input = join(dir, "greeting.thrift");
  writeFileSync(input, idl);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("thrift-http-gen <file.thrift> <outDir>", () => {
  it("writes <outDir>/<name>.ts, creating the directory", () => {
    const outDir = join(dir, "src", "gen");
    const target = join(outDir, "greeting.ts");

    expect(run(input, outDir)).toEqual({ code: 0, out: [`thrift-http-gen: wrote ${target}`], err: [] });
    expect(readFileSync(target, "utf8")).toBe(generate(idl, { file: input }));
  });

  it("When the output is already up to date Then the file is left untouched", () => {
    run(input, dir);
    const target = join(dir, "greeting.ts");
    const before = statSync(target).mtimeMs;

    expect(run(input, dir)).toEqual({ code: 0, out: [], err: [] });
    expect(statSync(target).mtimeMs).toBe(before);
  });

  it("imports the runtime from --runtime", () => {
    run("--runtime", "../runtime", input, dir);

    expect(readFileSync(join(dir, "greeting.ts"), "utf8")).toContain('from "../runtime";');
  });

  it("When the IDL has a mistake Then it exits 1 with the located message and writes nothing", () => {
    writeFileSync(input, "struct Greeting { string text }");

    expect(run(input, dir)).toEqual({
      code: 1,
      out: [],
      err: [`${input}:1:19: Greeting.text needs a field id, as in "1: <type> text"`],
    });
    expect(() => statSync(join(dir, "greeting.ts"))).toThrow("ENOENT");
  });

  it("When the IDL file does not exist Then it exits 1", () => {
    const missing = join(dir, "missing.thrift");

    expect(run(missing, dir)).toEqual({ code: 1, out: [], err: [`thrift-http-gen: ${missing}: no such file`] });
  });
});

describe("thrift-http-gen --check", () => {
  it("When the output is up to date Then it exits 0 quietly", () => {
    run(input, dir);

    expect(run("--check", input, dir)).toEqual({ code: 0, out: [], err: [] });
  });

  it("When the IDL changed since Then it exits 1 naming the stale file", () => {
    run(input, dir);
    writeFileSync(input, idl.replace('"hi"', '"hello"'));
    const target = join(dir, "greeting.ts");

    expect(run("--check", input, dir)).toEqual({
      code: 1,
      out: [],
      err: [`thrift-http-gen: ${target} is out of date: regenerate it from ${input} with "npm run gen"`],
    });
    expect(readFileSync(target, "utf8")).toContain('text: "hi"');
  });

  it("When the output is missing Then it exits 1 and writes nothing", () => {
    const target = join(dir, "greeting.ts");

    expect(run("--check", input, dir)).toEqual({
      code: 1,
      out: [],
      err: [`thrift-http-gen: ${target} is missing: regenerate it from ${input} with "npm run gen"`],
    });
    expect(() => statSync(target)).toThrow("ENOENT");
  });

  it.each(["everything.thrift", "extended.thrift"])("When the committed fixture %s is checked Then it is what its IDL generates", (file) => {
    expect(run("--check", "--runtime", "./runtime", join(fixtures, file), fixtures)).toEqual({
      code: 0,
      out: [],
      err: [],
    });
  });
});

describe("usage", () => {
  const usage = expect.stringContaining("Usage: thrift-http-gen [--check] [--runtime <module>] <file.thrift> <outDir>");

  it.each([
    [[], "thrift-http-gen: expected <file.thrift> <outDir>, got 0 arguments"],
    [["a.thrift"], "thrift-http-gen: expected <file.thrift> <outDir>, got 1 arguments"],
    [["--chek", "a.thrift", "out"], "thrift-http-gen: Unknown option '--chek'"],
    [["a.thrift", "out", "--runtime"], "thrift-http-gen: Option '--runtime <value>' argument missing"],
  ])("When called with %p Then it exits 2 with the problem and the usage", (args, problem) => {
    const result = run(...args);

    expect(result).toEqual({ code: 2, out: [], err: [usage] });
    expect(result.err[0]!.startsWith(problem)).toBe(true);
  });

  it("prints the usage for --help", () => {
    expect(run("--help")).toEqual({ code: 0, out: [usage], err: [] });
  });
});
