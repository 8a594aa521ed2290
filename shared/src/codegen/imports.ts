// The names generated code uses besides the IDL's own: `Thrift` from `thrift`, the
// runtime's helpers and types, JavaScript's globals, its own local variables, and the
// namespaces of included files' modules. Each is asked for here, which collects the
// imports (an unused one fails `noUnusedLocals`) and keeps every name clear of what
// the module declares, namespaces included: a struct may be called `Error`, `Map` or
// `StructCodec`, an included file `input.thrift`. Thrift identifiers cannot contain
// `$`, so a name with `$` appended collides only with another such name, which gets
// one more `$`.
import { maxLineLength } from "./expr";
import { exportName } from "./names";

export class Imports {
  private thriftUsed = false;
  private readonly values = new Set<string>();
  private readonly types = new Set<string>();
  private readonly modules = new Map<string, string>();
  private readonly exports = { type: [] as string[], value: [] as string[] };
  private readonly declared: ReadonlySet<string>;

  /** `declared`: every name the module declares itself, namespaces of other modules included. */
  constructor(declared: Iterable<string> = []) {
    this.declared = new Set(declared);
  }

  /** `Thrift` from the `thrift` package: the name to use. */
  thrift(): string {
    this.thriftUsed = true;
    return this.safe("Thrift");
  }

  /** A value (function or class) of the runtime module: the name to use. */
  value(name: string): string {
    this.values.add(name);
    return this.safe(name);
  }

  /** A type of the runtime module: the name to use. */
  type(name: string): string {
    this.types.add(name);
    return this.safe(name);
  }

  /** A global (`Map`, `Buffer`, `Object`, `Error`, `Promise`, …): the name to use. */
  global(name: string): string {
    return this.declared.has(name) ? `globalThis.${name}` : name;
  }

  /**
   * A parameter or local variable of generated functions (`input`, `value`, …): the
   * name to use, so that it does not hide a constant, enum or class of that name.
   */
  local(name: string): string {
    return this.safe(name);
  }

  /** Another generated module, as a namespace: `import * as alias from "path"`. */
  module(alias: string, path: string): void {
    this.modules.set(alias, path);
  }

  /**
   * How a declaration of the module starts: `export ` when it is exported under the
   * name it is declared with; else nothing, and it is exported under its IDL name at
   * the end (`export { class$ as class }`: names.ts). `kind`: whether it declares a
   * type only (an interface or type alias) or a value too.
   */
  exported(binding: string, kind: "type" | "value"): string {
    if (exportName(binding) === binding) return "export ";
    this.exports[kind].push(binding);
    return "";
  }

  /** The export declarations of what `exported` did not export where it was declared. */
  renderExports(): string[] {
    return (["type", "value"] as const).flatMap((kind) => {
      const names = this.exports[kind];
      if (names.length === 0) return [];
      const specifiers = names.map((name) => `${name} as ${exportName(name)}`);
      return this.declaration(kind === "type" ? "export type" : "export", specifiers, undefined);
    });
  }

  /** The import declarations, sorted so the output is deterministic. */
  render(runtime: string): string[] {
    const lines: string[] = [];
    if (this.thriftUsed) lines.push(`import { ${this.specifier("Thrift")} } from "thrift";`);
    // A name imported as a value serves as a type too.
    const types = [...this.types].filter((name) => !this.values.has(name));
    if (types.length > 0) lines.push(...this.declaration("import type", types, runtime));
    if (this.values.size > 0) lines.push(...this.declaration("import", [...this.values], runtime));
    for (const [alias, path] of [...this.modules].sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(`import * as ${alias} from "${path}";`);
    }
    return lines;
  }

  private safe(name: string): string {
    let safe = name;
    while (this.declared.has(safe)) safe += "$";
    return safe;
  }

  private specifier(name: string): string {
    const safe = this.safe(name);
    return safe === name ? name : `${name} as ${safe}`;
  }

  private declaration(keyword: string, names: readonly string[], from: string | undefined): string[] {
    const list = from === undefined ? names : [...names].sort().map((name) => this.specifier(name));
    const end = from === undefined ? ";" : ` from "${from}";`;
    const line = `${keyword} { ${list.join(", ")} }${end}`;
    if (line.length <= maxLineLength) return [line];
    return [`${keyword} {`, ...list.map((name) => `  ${name},`), `}${end}`];
  }
}
