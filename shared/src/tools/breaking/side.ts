// One side of a comparison, OLD or NEW: a loaded program seen from its root file, the
// way the generator sees it. Every definition is named as the root module names it
// (`Entry`, `shared.Point` for one of an included file), types inside included
// definitions too, so types compare by name across the whole program.
import type { TextLocation } from "../../codegen/idl/ast";
import { bareName } from "../../codegen/idl-text";
import type { Definition, Idl, Program, ServiceModel } from "../../codegen/model";
import type { Place } from "./rules";

export class Side {
  readonly root: Idl;
  /** Modules by the namespace the root names them with. */
  private readonly modules = new Map<string, Idl>();
  private readonly bareNames: ReadonlySet<string>;

  constructor(readonly program: Program) {
    this.root = program.modules.at(-1)!;
    for (const { alias, idl } of this.root.imports) this.modules.set(alias, idl);
    this.bareNames = new Set([...this.root.byName.keys()].map(bareName));
  }

  /** A definition by the name the root gives it (a type's `name`, a service's `parent.name`). */
  lookup(name: string): Definition | undefined {
    return this.root.byName.get(name);
  }

  /** The root file's own definitions, named as types name them. */
  own(): Definition[] {
    return [...this.root.byName.values()].filter((definition) => !definition.name.includes("."));
  }

  /** Definitions of included files whose own name is `bare` (`shared.Point` for `Point`). */
  included(bare: string): Definition[] {
    return [...this.root.byName.values()].filter(
      (definition) => definition.name.includes(".") && bareName(definition.name) === bare,
    );
  }

  /** Whether a definition has this name, of its own (`Point`) or in an included file (`shared.Point`). */
  has(bare: string): boolean {
    return this.bareNames.has(bare);
  }

  /** The file a definition named `name` is declared in. */
  fileOf(name: string): string {
    const dot = name.lastIndexOf(".");
    if (dot < 0) return this.root.file;
    return this.modules.get(name.slice(0, dot))?.file ?? this.root.file;
  }

  /** Where `loc` is, in the file that declares `owner`. */
  place(owner: string, loc: TextLocation): Place {
    return { file: this.fileOf(owner), line: loc.start.line, column: loc.start.column };
  }

  /** A service and the services it extends, nearest first. */
  chain(service: ServiceModel): ServiceModel[] {
    const chain = [service];
    for (let parent = service.parent; parent !== undefined; ) {
      const found = this.lookup(parent.name);
      if (found?.kind !== "service" || chain.includes(found)) break;
      chain.push(found);
      parent = found.parent;
    }
    return chain;
  }
}
