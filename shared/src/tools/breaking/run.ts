// thrift-http breaking: whether NEW can be deployed where OLD runs (docs/tools.md).
//
//     thrift-http breaking [-v] [-I <dir>]... [--old-include <dir>]... [--acks <file>] OLD.thrift NEW.thrift
//     thrift-http breaking [-v] --against <git ref> [--acks <file>] <pattern>...
//
// Prints each break as `file:line:column: break <rule>: <subject>: <detail>` (in NEW,
// or in OLD for what was removed) and exits 1; prints "compatible" and the number of
// safe changes (-v lists them) and exits 0. Exits 2 for a usage error, an IDL that does
// not load, or a git ref that does not exist.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { IdlError } from "../../codegen/errors";
import { loadProgram, readIfExists } from "../../codegen/resolve/program";
import type { CliOutput } from "../../codegen/run-cli";
import { acknowledgementOf, AcknowledgementError, breakKey, parseAcknowledgements, type Acknowledgement } from "./acks";
import { comparePrograms } from "./compare";
import { compareRepository, GitError, showIdlError } from "./repo";
import { severityOf, type Change } from "./rules";

export const breakingUsage = `Usage: thrift-http breaking [options] OLD.thrift NEW.thrift
       thrift-http breaking [options] --against <git ref> <pattern>...

  Lists every change from OLD to NEW that breaks deployed peers (wire and policy
  rules, docs/tools.md) and exits 1, or prints "compatible" and exits 0.

  -v                     list the safe changes too
  -I <dir>               look for included files in <dir> too, for OLD and NEW (repeatable)
  --old-include <dir>    look for OLD's included files in <dir> too (repeatable)
  --against <git ref>    compare each file the patterns match (relative to the repository's
                         root, * within one path segment), and each file they include, with
                         the same file at <git ref>; a file removed is a break
  --acks <file>          deliberate breaks, one a line: <file> <rule> <subject>: <reason>`;

interface Options {
  readonly verbose: boolean;
  readonly includeDirs: readonly string[];
  readonly oldIncludeDirs: readonly string[];
  readonly against: string | undefined;
  readonly acks: string | undefined;
  readonly positionals: readonly string[];
}

/**
 * Runs `thrift-http breaking` on its arguments (after the subcommand); returns the exit
 * code. `cwd` is where relative paths, and the repository of `--against`, are found.
 */
export function runBreaking(args: readonly string[], output: CliOutput, cwd = process.cwd()): number {
  let options: Options | "help";
  try {
    options = parseOptions(args);
  } catch (error) {
    output.err(`thrift-http breaking: ${(error as Error).message}\n\n${breakingUsage}`);
    return 2;
  }
  if (options === "help") {
    output.out(breakingUsage);
    return 0;
  }
  try {
    const acks = options.acks === undefined ? [] : readAcknowledgements(options.acks, cwd);
    if (options.against !== undefined) {
      const result = compareRepository(options.against, options.positionals, cwd);
      for (const warning of result.warnings) output.err(warning);
      return report(result.changes, result.pathOf, acks, options, output);
    }
    const [oldFile, newFile] = options.positionals as [string, string];
    const readFile = (path: string) => readIfExists(resolve(cwd, path));
    const old = loadProgram(oldFile, { includeDirs: [...options.oldIncludeDirs, ...options.includeDirs], readFile });
    const now = loadProgram(newFile, { includeDirs: options.includeDirs, readFile });
    for (const warning of [...old.warnings, ...now.warnings]) output.err(warning);
    return report(comparePrograms(old, now), (file) => file, acks, options, output);
  } catch (error) {
    if (error instanceof IdlError)
      output.err(options.against === undefined ? error.message : showIdlError(error, options.against));
    else if (error instanceof GitError || error instanceof AcknowledgementError || isSystemError(error)) {
      output.err(`thrift-http breaking: ${(error as Error).message}`);
    } else throw error;
    return 2;
  }
}

/**
 * A failure of the system, not of this code: a file that cannot be read (EACCES, ELOOP,
 * EIO, …). Told by its shape: under a test runner's sandbox it is no `instanceof Error`.
 */
function isSystemError(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as NodeJS.ErrnoException).code === "string" &&
    "syscall" in error
  );
}

function readAcknowledgements(file: string, cwd: string): Acknowledgement[] {
  const text = readIfExists(resolve(cwd, file));
  if (text === undefined) throw new AcknowledgementError(`${file}: no such file`);
  return parseAcknowledgements(text, file);
}

function report(
  changes: readonly Change[],
  pathOf: (file: string) => string,
  acks: readonly Acknowledgement[],
  options: Options,
  output: CliOutput,
): number {
  const line = (change: Change, label: string, suffix = "") =>
    `${change.place.file}:${change.place.line}:${change.place.column}: ${label} ${change.rule}: ${change.subject}: ${change.detail}${suffix}`;
  const used = new Set<Acknowledgement>();
  const unacknowledged: Change[] = [];
  let acknowledged = 0;
  const safe = changes.filter((change) => severityOf(change) === "safe");
  for (const change of changes) {
    if (severityOf(change) !== "break") continue;
    const ack = acknowledgementOf(acks, pathOf(change.place.file), change);
    if (ack === undefined) {
      unacknowledged.push(change);
      output.out(line(change, "break"));
    } else {
      acknowledged++;
      used.add(ack);
      output.out(line(change, "acknowledged", ` (${options.acks}:${ack.line}: ${ack.reason})`));
    }
  }
  if (options.verbose) for (const change of safe) output.out(line(change, "safe"));
  for (const ack of acks) {
    if (used.has(ack)) continue;
    output.err(
      `${options.acks}:${ack.line}: warning: no such break here (once it is in the base ref, remove the line): ${ack.file} ${ack.rule} ${ack.subject}`,
    );
  }
  const counts = [
    acknowledged > 0 ? count(acknowledged, "acknowledged break", "acknowledged breaks") : undefined,
    safe.length > 0
      ? `${count(safe.length, "safe change", "safe changes")}${options.verbose ? "" : " (-v lists them)"}`
      : undefined,
  ].filter((part) => part !== undefined);
  const first = unacknowledged[0];
  if (first === undefined) {
    output.out(`compatible: ${counts.length === 0 ? "no changes" : counts.join("; ")}`);
    return 0;
  }
  if (options.acks !== undefined) {
    const key = breakKey(pathOf(first.place.file), first);
    output.err(
      `A deliberate break? Acknowledge it in ${options.acks} with the reason, reviewed with the change: ${key}: <reason>`,
    );
  }
  output.out([count(unacknowledged.length, "breaking change", "breaking changes"), ...counts].join("; "));
  return 1;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function parseOptions(args: readonly string[]): Options | "help" {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      verbose: { type: "boolean", short: "v" },
      include: { type: "string", short: "I", multiple: true },
      "old-include": { type: "string", multiple: true },
      against: { type: "string" },
      acks: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) return "help";
  const against = values.against;
  if (against !== undefined) {
    if (against === "") throw new TypeError("--against needs a git ref");
    if (positionals.length === 0) throw new TypeError("--against needs at least one pattern of IDL files");
    if (values.include !== undefined || values["old-include"] !== undefined) {
      throw new TypeError(
        "-I and --old-include are for OLD.thrift NEW.thrift; --against finds includes beside each file",
      );
    }
  } else if (positionals.length !== 2) {
    throw new TypeError(`expected OLD.thrift NEW.thrift, got ${positionals.length} arguments`);
  }
  return {
    verbose: values.verbose ?? false,
    includeDirs: values.include ?? [],
    oldIncludeDirs: values["old-include"] ?? [],
    against,
    acks: values.acks,
    positionals,
  };
}
