// thrift-http-gen [--check] [--runtime <module>] <file.thrift> <outDir>
//
// Writes <outDir>/<basename>.ts. With --check, writes nothing and fails if that
// file is missing or differs from what the IDL generates (for CI).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { IdlError } from "./errors";
import { defaultRuntime, generate } from "./generate";

const usage = `Usage: thrift-http-gen [--check] [--runtime <module>] <file.thrift> <outDir>

  --check             fail if <outDir>/<name>.ts is not what <file.thrift> generates
  --runtime <module>  the module generated code imports the runtime from (default ${defaultRuntime})`;

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
  const { check, runtime, file, outDir } = options;

  const source = readIfExists(file);
  if (source === undefined) {
    output.err(`thrift-http-gen: ${file}: no such file`);
    return 1;
  }
  let code: string;
  try {
    code = generate(source, { file, runtime });
  } catch (error) {
    if (!(error instanceof IdlError)) throw error;
    output.err(error.message);
    return 1;
  }

  const target = join(outDir, `${basename(file, ".thrift")}.ts`);
  const current = readIfExists(target);
  if (check) {
    if (current === code) return 0;
    const problem = current === undefined ? "is missing" : "is out of date";
    output.err(`thrift-http-gen: ${target} ${problem}: regenerate it from ${file} with "npm run gen"`);
    return 1;
  }
  // Left untouched when unchanged, so incremental builds and watchers stay quiet.
  if (current !== code) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(target, code);
    output.out(`thrift-http-gen: wrote ${target}`);
  }
  return 0;
}

function parseCliArgs(args: readonly string[]): CliOptions | "help" {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      check: { type: "boolean" },
      runtime: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) return "help";
  const [file, outDir] = positionals;
  if (positionals.length !== 2 || file === undefined || outDir === undefined) {
    throw new TypeError(`expected <file.thrift> <outDir>, got ${positionals.length} arguments`);
  }
  return { check: values.check ?? false, runtime: values.runtime ?? defaultRuntime, file, outDir };
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
