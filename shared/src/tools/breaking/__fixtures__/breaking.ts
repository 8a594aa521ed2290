// Runs `thrift-http breaking` on IDL text: OLD and NEW written to a fresh directory as
// old.thrift and new.thrift (with any other files given), paths in what it prints made
// relative to that directory.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runBreaking } from "../run";

export interface Run {
  readonly code: number;
  readonly out: readonly string[];
  readonly err: readonly string[];
}

/** Writes `files` (path -> text) under `dir`, a fresh directory by default; returns the directory. */
export function writeTree(
  files: Readonly<Record<string, string>>,
  dir = mkdtempSync(join(tmpdir(), "thrift-breaking-")),
): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * `thrift-http breaking [args] old.thrift new.thrift`, with `others` beside them; `$DIR`
 * in `args` and in the text of `others` is the directory.
 */
export function breaking(
  old: string,
  now: string,
  args: readonly string[] = [],
  others: Readonly<Record<string, string>> = {},
): Run {
  const dir = writeTree({ "old.thrift": old, "new.thrift": now });
  for (const [path, text] of Object.entries(others)) writeTree({ [path]: text.replaceAll("$DIR", dir) }, dir);
  try {
    const resolved = args.map((arg) => arg.replaceAll("$DIR", dir));
    return run(dir, [...resolved, join(dir, "old.thrift"), join(dir, "new.thrift")]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the command with `args`, paths under `dir` printed relative to it. */
export function run(dir: string, args: readonly string[]): Run {
  const out: string[] = [];
  const err: string[] = [];
  const relative = (line: string) => line.replaceAll(`${dir}/`, "");
  const code = runBreaking(args, { out: (line) => out.push(relative(line)), err: (line) => err.push(relative(line)) });
  return { code, out, err };
}
