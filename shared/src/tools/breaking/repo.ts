// `thrift-http breaking --against <ref> <pattern>...`, behind `make idl-breaking`: every
// IDL of the repository (the files the patterns match, and every file they include)
// compared with the same file at a git ref. The working tree is NEW, so uncommitted
// edits count; OLD files are read from git, never written out. A file at the ref that
// is gone from the working tree is a break; a new file is not.
//
// Patterns are relative to the repository's root: `*` and `?` match within one path
// segment (`services/*/*.thrift`).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, join, posix } from "node:path";
import type { IdlError } from "../../codegen/errors";
import type { Program } from "../../codegen/model";
import { loadProgram, readIfExists } from "../../codegen/resolve/program";
import { comparePrograms, uniqueChanges } from "./compare";
import type { Change } from "./rules";

export interface RepositoryChanges {
  readonly changes: readonly Change[];
  /** Warnings of the loaded programs (missing includes, implicit field ids). */
  readonly warnings: readonly string[];
  /** The repository path of a file as changes name it (`main:services/x.thrift` is `services/x.thrift`). */
  readonly pathOf: (file: string) => string;
}

export class GitError extends Error {
  override readonly name = "GitError";
}

export function compareRepository(ref: string, patterns: readonly string[], cwd: string): RepositoryChanges {
  if (ref.startsWith("-")) throw new GitError(`${ref}: not a git ref`);
  const root = git(cwd, ["rev-parse", "--show-toplevel"]).trim();
  let commit: string;
  try {
    commit = git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]).trim();
  } catch {
    throw new GitError(`${ref}: no such commit in ${root}`);
  }
  const matches = matcher(patterns);
  // `ref:/path` keeps the ref one path segment of its own, so includes resolve
  // relative to it like paths (`../x.thrift`); printed as git names it, `ref:path`.
  const label = `${ref}:/`;
  const oldTree = new Set(git(root, ["ls-tree", "-r", "-z", "--name-only", commit]).split("\0").filter(Boolean));
  // Tracked and untracked files, but not ignored ones, nor tracked ones deleted here.
  const here = (path: string) => existsSync(join(root, path));
  const newTree = new Set(
    git(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]).split("\0").filter(Boolean),
  );
  // A pattern that matches nothing (a typo, a folder renamed) would make the check pass
  // while comparing nothing.
  for (const pattern of patterns) {
    const matchesThis = matcher([pattern]);
    if (![...oldTree, ...newTree].some(matchesThis))
      throw new GitError(`${pattern} matches no file, at ${ref} nor in the working tree`);
  }

  const readOld = (path: string): string | undefined => {
    const relative = inRepository(path.startsWith(label) ? path.slice(label.length) : undefined);
    if (relative === undefined || !oldTree.has(relative)) return undefined;
    return git(root, ["cat-file", "blob", `${commit}:${relative}`]);
  };
  const readNew = (path: string): string | undefined => {
    const relative = inRepository(path);
    return relative === undefined ? undefined : readIfExists(join(root, relative));
  };
  const loadOld = (path: string) => loadProgram(`${label}${path}`, { readFile: readOld });
  const loadNew = (path: string) => loadProgram(path, { readFile: readNew });
  const pathOf = (file: string) => (file.startsWith(label) ? file.slice(label.length) : file);
  const files = (programs: readonly Program[]) =>
    new Set(
      programs.flatMap((program) =>
        program.modules.map((module) => inRepository(pathOf(module.file))).filter((p) => p !== undefined),
      ),
    );

  const warnings: string[] = [];
  const load = (loader: (path: string) => Program, paths: readonly string[]) =>
    paths.map((path) => {
      const program = loader(path);
      warnings.push(...program.warnings);
      return program;
    });
  const oldFiles = files(load(loadOld, [...oldTree].filter(matches).sort()));
  const newFiles = files(load(loadNew, [...newTree].filter((path) => matches(path) && here(path)).sort()));

  const changes: Change[] = [];
  for (const path of [...new Set([...oldFiles, ...newFiles])].sort()) {
    const atRef = oldFiles.has(path) || oldTree.has(path);
    if (atRef && here(path)) changes.push(...comparePrograms(loadOld(path), loadNew(path)));
    else if (atRef)
      changes.push({
        rule: "file-removed",
        place: { file: `${label}${path}`, line: 1, column: 1 },
        subject: path,
        detail: "the file is removed",
      });
    else
      changes.push({
        rule: "file-added",
        place: { file: path, line: 1, column: 1 },
        subject: path,
        detail: "the file is added",
      });
  }
  const shown = (file: string) => (file.startsWith(label) ? `${ref}:${file.slice(label.length)}` : file);
  return {
    changes: uniqueChanges(changes).map((change) => ({
      ...change,
      place: { ...change.place, file: shown(change.place.file) },
    })),
    warnings: [...new Set(warnings)].map((warning) => warning.replaceAll(label, `${ref}:`)),
    pathOf: (file) => (file.startsWith(`${ref}:`) ? file.slice(ref.length + 1) : file),
  };
}

/** An IdlError of an OLD file, as git names the file. */
export function showIdlError(error: IdlError, ref: string): string {
  return error.message.replaceAll(`${ref}:/`, `${ref}:`);
}

function git(cwd: string, args: readonly string[]): string {
  try {
    return execFileSync("git", args, { cwd, maxBuffer: 64 << 20, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new GitError(`git ${args[0]}: ${stderr || (error as Error).message}`);
  }
}

/** A path inside the repository, normalized; undefined for one outside it. */
function inRepository(path: string | undefined): string | undefined {
  if (path === undefined || isAbsolute(path)) return undefined;
  const normalized = posix.normalize(path);
  return normalized.startsWith("../") || normalized === ".." ? undefined : normalized;
}

/** Whether a repository path matches one of `patterns` (`*` and `?` within one path segment). */
export function matcher(patterns: readonly string[]): (path: string) => boolean {
  const expressions = patterns.map((pattern) => {
    const source = pattern
      .split("")
      .map((c) => (c === "*" ? "[^/]*" : c === "?" ? "[^/]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("");
    return new RegExp(`^${source}$`);
  });
  return (path) => expressions.some((expression) => expression.test(path));
}
