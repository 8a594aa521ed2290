// An IDL file and the files it includes, each parsed and checked once. An include is
// looked for beside the including file, then in each `-I` directory in order, as
// Apache's compiler does; an include cycle is an error naming the cycle. An include
// found nowhere is a warning, as there, and an error only if a name from it is used.
// Each file
// becomes one module named after it, so two files of one program cannot share a base
// name.
import { readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { IdlError, located } from "../errors";
import type * as ast from "../idl/ast";
import type { Idl, Program } from "../model";
import { parseIdl } from "../parse";
import { resolveModule } from "./module";

export interface ProgramOptions {
  /** Directories an include is looked for in, after the including file's own (`-I`). Default none. */
  readonly includeDirs?: readonly string[];
  /** The text of a file, or undefined if there is none (the file system by default). */
  readonly readFile?: (path: string) => string | undefined;
}

/** The module name of an IDL file: its base name without `.thrift`. */
export function moduleName(file: string): string {
  return basename(file).replace(/\.thrift$/, "");
}

/** Loads, parses and checks `file` and every file it includes; throws an `IdlError` for any mistake. */
export function loadProgram(file: string, options: ProgramOptions = {}): Program {
  const readFile = options.readFile ?? readIfExists;
  const includeDirs = options.includeDirs ?? [];
  const warnings: string[] = [];
  const modules: Idl[] = [];
  // By absolute path: files checked, and files being checked (their includes in progress).
  const done = new Map<string, Idl>();
  const inProgress: { readonly path: string; readonly file: string }[] = [];
  const byModule = new Map<string, string>();

  const load = (path: string, shown: string, source: string): Idl => {
    const module = moduleName(shown);
    const other = byModule.get(module);
    if (other !== undefined) {
      throw new IdlError(
        `${shown}: ${other} has the same base name: each file generates ${module}.ts, so one must be renamed`,
      );
    }
    byModule.set(module, shown);
    inProgress.push({ path, file: shown });
    const document = parseIdl(source, shown);
    const includes: { prefix: string; idl: Idl }[] = [];
    const missing = new Map<string, string>();
    for (const include of includedFiles(document)) {
      const found = find(include.path.value, shown, includeDirs, readFile);
      if (found === undefined) {
        // Where it was looked for: beside the including file, then each -I directory.
        const where = [dirname(shown), ...includeDirs.map((dir) => `${dir} (-I)`)].join(", ");
        const message = `include "${include.path.value}" was not found in ${where}`;
        warnings.push(located(shown, include.loc, `warning: ${message}`));
        missing.set(moduleName(include.path.value), message);
        continue;
      }
      const cycle = inProgress.findIndex((entry) => entry.path === found.path);
      if (cycle >= 0) {
        const chain = [...inProgress.slice(cycle).map((entry) => entry.file), found.file].join(" -> ");
        throw new IdlError(located(shown, include.loc, `include cycle: ${chain}`));
      }
      const idl = done.get(found.path) ?? load(found.path, found.file, found.source);
      const prefix = moduleName(include.path.value);
      const clash = includes.find((entry) => entry.prefix === prefix && entry.idl !== idl);
      if (clash !== undefined) {
        throw new IdlError(
          located(
            shown,
            include.loc,
            `two included files are named ${prefix}.thrift: ${clash.idl.file} and ${idl.file}`,
          ),
        );
      }
      if (clash === undefined && !includes.some((entry) => entry.idl === idl)) includes.push({ prefix, idl });
    }
    const idl = resolveModule({ file: shown, module, document, includes, missing }, (message) =>
      warnings.push(message),
    );
    inProgress.pop();
    done.set(path, idl);
    modules.push(idl);
    return idl;
  };

  const source = readFile(file);
  if (source === undefined) throw new IdlError(`${file}: no such file`);
  load(resolve(file), file, source);
  return { modules, warnings };
}

/** A program whose root is `source`, not read from disk, as if it were `file`. */
export function loadSource(source: string, file: string, options: ProgramOptions = {}): Program {
  const readFile = options.readFile ?? readIfExists;
  const root = resolve(file);
  return loadProgram(file, { ...options, readFile: (path) => (resolve(path) === root ? source : readFile(path)) });
}

function includedFiles(document: ast.Document): ast.Include[] {
  return document.headers.filter((header): header is ast.Include => header.type === "Include");
}

/** Where an include is: beside the including file, else in the first `-I` directory that has it. */
function find(
  path: string,
  includer: string,
  includeDirs: readonly string[],
  readFile: (path: string) => string | undefined,
): { readonly path: string; readonly file: string; readonly source: string } | undefined {
  const candidates = isAbsolute(path) ? [path] : [dirname(includer), ...includeDirs].map((dir) => join(dir, path));
  for (const candidate of candidates) {
    const source = readFile(candidate);
    if (source !== undefined) return { path: resolve(candidate), file: candidate, source };
  }
  return undefined;
}

/** A file's text, or undefined if there is no such file. */
export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") return undefined;
    throw error;
  }
}
