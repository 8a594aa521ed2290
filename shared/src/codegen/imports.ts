// The names generated code takes from `thrift` and from the runtime, collected while
// emitting: an unused import fails `noUnusedLocals` in the services.
import { maxLineLength } from "./expr";

export class Imports {
  private thrift = false;
  private readonly values = new Set<string>();
  private readonly types = new Set<string>();

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

  /** The import declarations, sorted so the output is deterministic. */
  render(runtime: string): string[] {
    const lines: string[] = [];
    if (this.thrift) lines.push(`import { Thrift } from "thrift";`);
    // A name imported as a value serves as a type too.
    const types = new Set([...this.types].filter((name) => !this.values.has(name)));
    if (types.size > 0) lines.push(...importDeclaration("import type", types, runtime));
    if (this.values.size > 0) lines.push(...importDeclaration("import", this.values, runtime));
    return lines;
  }
}

function importDeclaration(keyword: string, names: ReadonlySet<string>, from: string): string[] {
  const list = [...names].sort();
  const line = `${keyword} { ${list.join(", ")} } from "${from}";`;
  if (line.length <= maxLineLength) return [line];
  return [`${keyword} {`, ...list.map((name) => `  ${name},`), `} from "${from}";`];
}
