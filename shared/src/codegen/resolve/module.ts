// One parsed IDL file to its checked model, given the files it includes (already
// checked). Definitions are resolved in source order; types may refer ahead.
import type { TextLocation } from "../idl/ast";
import type * as ast from "../idl/ast";
import type { Definition, Idl } from "../model";
import { definitionNameProblem } from "../names";
import { resolveConst, resolveEnum, resolveStruct, resolveTypedef } from "./definitions";
import type { FieldContext } from "./fields";
import { declaredNames, Scope } from "./scope";
import { resolveService } from "./services";
import { TypeResolver } from "./types";

export interface ModuleSource {
  readonly file: string;
  readonly module: string;
  readonly document: ast.Document;
  /** The files it includes, checked, by the prefix it names them with. */
  readonly includes: readonly { readonly prefix: string; readonly idl: Idl }[];
  /** Included files that were not found: by prefix, where they were looked for (`include "x.thrift" was not found in a, b`). */
  readonly missing?: ReadonlyMap<string, string>;
}

export function resolveModule(source: ModuleSource, warn: (message: string) => void): Idl {
  const { file, document } = source;
  const scope = new Scope(file, document, source.includes, source.missing);
  const context: FieldContext = {
    scope,
    types: new TypeResolver(scope),
    warn: (loc, message) => warn(`${file}:${loc.start.line}:${loc.start.column}: warning: ${message}`),
  };
  // Every name the generated module declares, and what it was generated for.
  const taken = new Map<string, string>();
  const claim = (name: string, owner: string, loc: TextLocation): void => {
    const holder = taken.get(name);
    if (holder !== undefined) scope.fail(loc, `${owner} needs the name "${name}", already used by ${holder}`);
    taken.set(name, owner);
  };

  const definitions: Definition[] = [];
  for (const statement of document.definitions) {
    const kind = statement.type === "Const" ? "const" : statement.type.toLowerCase();
    const name = statement.name.value;
    if (name.includes(".")) scope.fail(statement.name.loc, `${kind} ${name}: a name cannot have a dot`);
    const problem = definitionNameProblem(kind, name);
    if (problem !== undefined) scope.fail(statement.name.loc, `${kind} ${name}: ${problem}`);
    claim(name, `${kind} ${name}`, statement.name.loc);
    const definition = resolveStatement(context, statement, claim);
    definitions.push(definition);
    scope.resolved.set(name, definition);
  }
  const declared = declaredNames(document.definitions);
  return { file, module: source.module, definitions, declared, byName: scope.byName(), imports: scope.imports() };
}

function resolveStatement(
  context: FieldContext,
  statement: ast.Definition,
  claim: (name: string, owner: string, loc: TextLocation) => void,
): Definition {
  const name = statement.name.value;
  const loc = statement.name.loc;
  switch (statement.type) {
    case "Enum":
      return resolveEnum(context, statement, name);
    case "Typedef":
      return resolveTypedef(context, statement, name);
    case "Const":
      return resolveConst(context, statement, name);
    case "Struct":
    case "Union":
    case "Exception": {
      const kind = statement.type.toLowerCase();
      claim(`${name}Codec`, `the codec of ${kind} ${name}`, loc);
      return resolveStruct(context, statement, name);
    }
    case "Service":
      claim(`${name}Handler`, `the handler interface of service ${name}`, loc);
      claim(`${name}Client`, `the client interface of service ${name}`, loc);
      for (const fn of new Map(statement.functions.map((f) => [f.name.value, f])).values()) {
        claim(`${name}_${fn.name.value}_args`, `the arguments of ${name}.${fn.name.value}`, fn.name.loc);
        claim(`${name}_${fn.name.value}_result`, `the result of ${name}.${fn.name.value}`, fn.name.loc);
      }
      return resolveService(context, statement, name);
  }
}
