// The names generated code takes from `thrift`, from the runtime and from the modules
// of included files, collected while emitting: an unused import fails
// `noUnusedLocals` in the services.
import { maxLineLength } from "./expr";

export class Imports {
  private thrift = false;
  private readonly values = new Set<string>();
  private readonly types = new Set<string>();
  private readonly modules = new Map<string, string>();

  /** `Thrift` from the `thrift` package. */
  useThrift(): void {
    this.thrift = true;
  }

  /** A function from the runtime module. */
  useValue(name: string): void {
    this.values.add(name);
  }

  /** A type from the runtime module. */
  useType(name: string): void {
    this.types.add(name);
  }

  /** Another generated module, as a namespace: `import * as alias from "path"`. */
  useModule(alias: string, path: string): void {
    this.modules.set(alias, path);
  }

  /** The import declarations, sorted so the output is deterministic. */
  render(runtime: string): string[] {
    const lines: string[] = [];
    if (this.thrift) lines.push(`import { Thrift } from "thrift";`);
    if (this.types.size > 0) lines.push(...importDeclaration("import type", this.types, runtime));
    if (this.values.size > 0) lines.push(...importDeclaration("import", this.values, runtime));
    for (const [alias, path] of [...this.modules].sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(`import * as ${alias} from "${path}";`);
    }
    return lines;
  }
}

function importDeclaration(keyword: string, names: ReadonlySet<string>, from: string): string[] {
  const list = [...names].sort();
  const line = `${keyword} { ${list.join(", ")} } from "${from}";`;
  if (line.length <= maxLineLength) return [line];
  return [`${keyword} {`, ...list.map((name) => `  ${name},`), `} from "${from}";`];
}
