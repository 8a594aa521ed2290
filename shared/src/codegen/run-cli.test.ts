// thrift-http-gen's command line: the files it writes, --runtime, -I, --check, and its
// exit codes and messages on bad input.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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
    writeFileSync(input, "struct Greeting { 1: Text text }");

    expect(run(input, dir)).toEqual({
      code: 1,
      out: [],
      err: [`${input}:1:22: Greeting.text: unknown type Text`],
    });
    expect(() => statSync(join(dir, "greeting.ts"))).toThrow("ENOENT");
  });

  it("When the IDL file does not exist Then it exits 1", () => {
    const missing = join(dir, "missing.thrift");

    expect(run(missing, dir)).toEqual({ code: 1, out: [], err: [`thrift-http-gen: ${missing}: no such file`] });
  });
});

describe("thrift-http-gen with includes", () => {
  beforeEach(() => {
    mkdirSync(join(dir, "lib"));
    writeFileSync(join(dir, "lib", "common.thrift"), "struct Common { 1: string id }\n");
    writeFileSync(input, 'include "common.thrift"\nstruct Greeting {\n  1: common.Common from\n}\n');
  });

  it("writes the module of every included file beside the file's own, found through -I", () => {
    const outDir = join(dir, "gen");

    expect(run("-I", join(dir, "lib"), input, outDir)).toEqual({
      code: 0,
      out: [
        `thrift-http-gen: wrote ${join(outDir, "common.ts")}`,
        `thrift-http-gen: wrote ${join(outDir, "greeting.ts")}`,
      ],
      err: [],
    });
    expect(readFileSync(join(outDir, "greeting.ts"), "utf8")).toContain('import * as common from "./common.js";');
  });

  it("When an included file changed since Then --check fails naming its module", () => {
    run("-I", join(dir, "lib"), input, dir);
    writeFileSync(join(dir, "lib", "common.thrift"), "struct Common { 1: string id; 2: i32 version }\n");

    expect(run("--check", "-I", join(dir, "lib"), input, dir)).toEqual({
      code: 1,
      out: [],
      err: [
        `thrift-http-gen: ${join(dir, "common.ts")} is out of date: regenerate it from ${input} with "npm run gen"`,
      ],
    });
  });

  it("prints what Apache's compiler would warn about, and generates", () => {
    writeFileSync(input, "struct Greeting { string text }");

    expect(run(input, dir)).toEqual({
      code: 0,
      out: [`thrift-http-gen: wrote ${join(dir, "greeting.ts")}`],
      err: [
        `${input}:1:19: warning: Greeting.text has no field id: numbered -1, which may change when fields are added`,
      ],
    });
  });

  it("When a union field has a default, as Apache's compiler takes it Then it warns that the default is ignored, and generates", () => {
    writeFileSync(input, "union Greeting { 1: i32 count = 5; 2: string text }");

    expect(run(input, dir)).toEqual({
      code: 0,
      out: [`thrift-http-gen: wrote ${join(dir, "greeting.ts")}`],
      err: [`${input}:1:18: warning: Greeting.count: a union field's default value is ignored`],
    });
    expect(readFileSync(join(dir, "greeting.ts"), "utf8")).not.toMatch(/\b5\b/);
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

  // extended.thrift's exception Clash has fields named like Error's own properties.
  const renamed = (line: number, field: string) =>
    `${join(fixtures, "extended.thrift")}:${line}:3: warning: Clash.${field} is the property ${field}_: Error has a ${field} of its own`;
  it.each([
    ["everything.thrift", []],
    ["extended.thrift", [renamed(172, "name"), renamed(173, "message"), renamed(174, "stack"), renamed(175, "cause")]],
  ])("When the committed fixture %s is checked Then it is what its IDL generates", (file, warnings) => {
    expect(run("--check", "--runtime", "./runtime", join(fixtures, file), fixtures)).toEqual({
      code: 0,
      out: [],
      err: warnings,
    });
  });
});

describe("usage", () => {
  const usage = expect.stringContaining(
    "Usage: thrift-http-gen [--check] [--runtime <module>] [-I <dir>]... <file.thrift> <outDir>",
  );

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

describe("what thrift-http-gen needs at run time", () => {
  // `npm ci --omit=dev` installs only dependencies: every module the generator loads,
  // following its imports from cli.ts, must be one of them or part of Node.
  it("loads only Node's own modules and packages in shared's dependencies", () => {
    const { builtinModules } = require("node:module") as typeof import("node:module");
    const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, "utf8");
      // Type-only imports are erased by the compiler: they load nothing.
      for (const [, specifier] of source.matchAll(/^(?:import|export)(?! type)(?:[^;"]*?from)?\s*"([^"]+)";/gms)) {
        if (specifier!.startsWith(".")) visit(resolveSource(join(file, "..", specifier!)));
        else
          packages.add(
            specifier!
              .replace(/^node:/, "")
              .split("/")
              .slice(0, specifier!.startsWith("@") ? 2 : 1)
              .join("/"),
          );
      }
    };
    visit(join(__dirname, "cli.ts"));

    expect(seen.size).toBeGreaterThan(10);
    const runtime = [...packages].filter((name) => !builtinModules.includes(name));
    expect(runtime.filter((name) => !(name in manifest.dependencies))).toEqual([]);
  });
});

function resolveSource(path: string): string {
  for (const candidate of [`${path}.ts`, join(path, "index.ts")]) {
    try {
      statSync(candidate);
      return candidate;
    } catch {
      // try the next
    }
  }
  throw new Error(`no source for ${path}`);
}
