// thrift-http-gen [--check] [--runtime <module>] [-I <dir>]... <file.thrift> <outDir>
//
// Writes <outDir>/<name>.ts for <file.thrift> and for every file it includes, directly
// or not, each module beside the others (so an IDL's includes need no layout of their
// own in outDir). With --check, writes nothing and fails if any of those files is
// missing or differs from what the IDL generates (for CI).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { IdlError } from "./errors";
import { defaultRuntime, generateFiles, type GeneratedModule } from "./generate";

const usage = `Usage: thrift-http-gen [--check] [--runtime <module>] [-I <dir>]... <file.thrift> <outDir>

  Writes <outDir>/<name>.ts for <file.thrift> and for each file it includes.

  --check             fail if a file in <outDir> is not what <file.thrift> generates
  --runtime <module>  the module generated code imports the runtime from (default ${defaultRuntime})
  -I <dir>            look for included files in <dir> too, after the including file's own
                      directory (repeatable; searched in order)`;

/** Where the CLI writes its messages: the console, unless a test captures them. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CliOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

interface CliOptions {
  readonly check: boolean;
  readonly runtime: string;
  readonly includeDirs: readonly string[];
  readonly file: string;
  readonly outDir: string;
}

/** Runs the generator on command-line arguments; returns the exit code. */
export function runCli(args: readonly string[], output: CliOutput = consoleOutput): number {
  let options: CliOptions | "help";
  try {
    options = parseCliArgs(args);
  } catch (error) {
    output.err(`thrift-http-gen: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (options === "help") {
    output.out(usage);
    return 0;
  }
  const { check, runtime, includeDirs, file, outDir } = options;

  let modules: readonly GeneratedModule[];
  try {
    const generated = generateFiles(file, { runtime, includeDirs });
    for (const warning of generated.warnings) output.err(warning);
    modules = generated.modules;
  } catch (error) {
    if (!(error instanceof IdlError)) throw error;
    output.err(error.message.startsWith(`${file}: no such file`) ? `thrift-http-gen: ${error.message}` : error.message);
    return 1;
  }

  let failed = false;
  for (const { module, code } of modules) {
    const target = join(outDir, `${module}.ts`);
    const current = readIfExists(target);
    if (check) {
      if (current === code) continue;
      const problem = current === undefined ? "is missing" : "is out of date";
      output.err(`thrift-http-gen: ${target} ${problem}: regenerate it from ${file} with "npm run gen"`);
      failed = true;
      continue;
    }
    // Left untouched when unchanged, so incremental builds and watchers stay quiet.
    if (current !== code) {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(target, code);
      output.out(`thrift-http-gen: wrote ${target}`);
    }
  }
  return failed ? 1 : 0;
}

function parseCliArgs(args: readonly string[]): CliOptions | "help" {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      check: { type: "boolean" },
      runtime: { type: "string" },
      include: { type: "string", short: "I", multiple: true },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) return "help";
  const [file, outDir] = positionals;
  if (positionals.length !== 2 || file === undefined || outDir === undefined) {
    throw new TypeError(`expected <file.thrift> <outDir>, got ${positionals.length} arguments`);
  }
  return {
    check: values.check ?? false,
    runtime: values.runtime ?? defaultRuntime,
    includeDirs: values.include ?? [],
    file,
    outDir,
  };
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
