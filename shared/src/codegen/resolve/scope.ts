// What one IDL file can name, and how its generated module spells it. Its own
// definitions, by name, in any order (a type may be used before its declaration),
// each spelled as it is declared (names.ts: `class` is `class$`); those of the files
// it includes as `prefix.Name`, the prefix being the included file's base name, as in
// Apache's compiler, spelled `namespace.Name`. Each included file's module is imported
// as a namespace named like the prefix, unless the module declares that name itself
// or TypeScript cannot declare it: then with `$` appended (`class$`, `types$`). The
// generated code's own locals and imports keep clear of namespaces (imports.ts).
import { SyntaxType } from "../idl/ast";
import type * as ast from "../idl/ast";
import { IdlError, located, type Location } from "../errors";
import type { ConstDefinition, Definition, Field, Idl, ModuleImport, TypeRef, Value } from "../model";
import { bindingName, exportName } from "../names";

/** The names the generated code of these definitions declares (as bindingName spells them). */
export function declaredNames(definitions: readonly ast.Definition[]): string[] {
  return definitions.flatMap(generatedNames);
}

function generatedNames(definition: ast.Definition): string[] {
  const name = bindingName(definition.name.value);
  switch (definition.type) {
    case "Struct":
    case "Union":
    case "Exception":
      return [name, `${name}Codec`];
    case "Service":
      return [
        name,
        `${name}Handler`,
        `${name}Client`,
        ...definition.functions.flatMap((fn) => [`${name}_${fn.name.value}_args`, `${name}_${fn.name.value}_result`]),
      ];
    default:
      return [name];
  }
}

export class Scope {
  /** This file's definitions by name, as parsed. */
  readonly local = new Map<string, ast.Definition>();
  /** This file's definitions, once resolved. */
  readonly resolved = new Map<string, Definition>();
  /** The namespaces of other modules, by module. */
  private readonly aliases = new Map<Idl, string>();
  /** Included files by the prefix this file names them with. */
  private readonly includes = new Map<string, Idl>();
  private readonly taken: ReadonlySet<string>;

  constructor(
    readonly file: string,
    document: ast.Document,
    includes: readonly { readonly prefix: string; readonly idl: Idl }[],
    private readonly missing: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const definition of document.definitions) {
      if (!this.local.has(definition.name.value)) this.local.set(definition.name.value, definition);
    }
    this.taken = new Set(declaredNames(document.definitions));
    for (const { prefix, idl } of includes) {
      this.includes.set(prefix, idl);
      this.aliasOf(idl, prefix);
    }
  }

  fail(loc: Location, message: string): never {
    throw new IdlError(located(this.file, loc, message));
  }

  /** The included file a qualified name refers to, and the name in it. */
  foreign(name: string): { readonly idl: Idl; readonly name: string; readonly prefix: string } | undefined {
    const dot = name.lastIndexOf(".");
    if (dot < 0) return undefined;
    const prefix = name.slice(0, dot);
    const idl = this.includes.get(prefix);
    return idl === undefined ? undefined : { idl, name: name.slice(dot + 1), prefix };
  }

  /** The enums of this file with a member of this name. */
  enumsWithMember(member: string): string[] {
    return [...this.local.values()].flatMap((definition) =>
      definition.type === "Enum" && definition.members.some((m) => m.name.value === member)
        ? [definition.name.value]
        : [],
    );
  }

  /** Why a qualified name names nothing: its prefix names no included file, or one not found. */
  unknownPrefix(name: string): string | undefined {
    const dot = name.lastIndexOf(".");
    if (dot < 0 || this.foreign(name) !== undefined) return undefined;
    const prefix = name.slice(0, dot);
    return this.missing.get(prefix) ?? `no included file is named ${prefix}.thrift`;
  }

  /** The namespace `idl`'s module is imported as here, chosen on first use. */
  aliasOf(idl: Idl, wanted = idl.module): string {
    const known = this.aliases.get(idl);
    if (known !== undefined) return known;
    // A file name need not be an identifier (`my-types.thrift`, `2024.thrift`).
    const base = wanted.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(?=\d)/, "_");
    const used = new Set(this.aliases.values());
    let alias = bindingName(base);
    while (this.taken.has(alias) || used.has(alias)) alias += "$";
    this.aliases.set(idl, alias);
    return alias;
  }

  /** The modules this one may import, by alias. */
  imports(): ModuleImport[] {
    return [...this.aliases].map(([idl, alias]) => ({ alias, idl }));
  }

  /** A type of module `from`, as this module names it. */
  rebase(type: TypeRef, from: Idl): TypeRef {
    const alias = type.alias === undefined ? {} : { alias: this.rename(type.alias, from) };
    switch (type.kind) {
      case "enum":
      case "struct":
        return { ...type, name: this.rename(type.name, from), ...alias };
      case "list":
      case "set":
        return { ...type, element: this.rebase(type.element, from), ...alias };
      case "map":
        return { ...type, key: this.rebase(type.key, from), value: this.rebase(type.value, from), ...alias };
      default:
        return { ...type, ...alias };
    }
  }

  /** A name of module `from` (its own, or `ns.Name` of a module it imports), as named here. */
  rename(name: string, from: Idl): string {
    const dot = name.lastIndexOf(".");
    // A module exports its definitions under their IDL names.
    if (dot < 0) return `${this.aliasOf(from)}.${exportName(name)}`;
    const namespace = name.slice(0, dot);
    const owner = from.imports.find((entry) => entry.alias === namespace)?.idl;
    if (owner === undefined) throw new Error(`${from.file}: ${name} names no imported module`);
    return `${this.aliasOf(owner)}.${name.slice(dot + 1)}`;
  }

  /** A value of module `from`, as named here. */
  rebaseValue(value: Value, from: Idl): Value {
    switch (value.type) {
      case "ConstReference":
        return { ...value, definition: this.view(value.definition, from) as ConstDefinition };
      case "EnumReference":
        return value.enum === undefined ? value : { ...value, enum: this.rename(value.enum, from) };
      case SyntaxType.ConstList:
        return { ...value, elements: value.elements.map((element) => this.rebaseValue(element, from)) };
      case SyntaxType.ConstMap: {
        const properties = value.properties.map((property) => ({
          name: this.rebaseValue(property.name, from),
          initializer: this.rebaseValue(property.initializer, from),
        }));
        return { ...value, properties };
      }
      default:
        return value;
    }
  }

  /** A definition of module `from`, as seen from here: its name, types and values as named here. */
  view(definition: Definition, from: Idl): Definition {
    const name = this.rename(definition.name, from);
    const rebaseFields = (fields: readonly Field[]): Field[] =>
      fields.map((field) => ({
        ...field,
        type: this.rebase(field.type, from),
        defaultValue: field.defaultValue === undefined ? undefined : this.rebaseValue(field.defaultValue, from),
      }));
    switch (definition.kind) {
      case "enum":
        return { ...definition, name };
      case "typedef":
        return { ...definition, name, type: this.rebase(definition.type, from) };
      case "const":
        return {
          ...definition,
          name,
          type: this.rebase(definition.type, from),
          value: this.rebaseValue(definition.value, from),
        };
      case "struct":
      case "union":
      case "exception":
        return { ...definition, name, fields: rebaseFields(definition.fields) };
      case "service":
        return {
          ...definition,
          name,
          parent:
            definition.parent === undefined
              ? undefined
              : { name: this.rename(definition.parent.name, from), service: definition.parent.service },
          methods: definition.methods.map((method) => ({
            ...method,
            returns: method.returns === undefined ? undefined : this.rebase(method.returns, from),
            params: rebaseFields(method.params),
            throws: rebaseFields(method.throws),
          })),
        };
    }
  }

  /**
   * Every definition the generated module can name, by the name it spells it with: its
   * own, and those of every file it includes, directly or not (a type of an included
   * file may be of a file that one includes).
   */
  byName(): Map<string, Definition> {
    const byName = new Map<string, Definition>();
    for (const definition of this.resolved.values()) {
      const name = bindingName(definition.name);
      byName.set(name, { ...definition, name });
    }
    const seen = new Set<Idl>();
    const add = (idl: Idl) => {
      if (seen.has(idl)) return;
      seen.add(idl);
      for (const definition of idl.definitions) {
        const view = this.view(definition, idl);
        byName.set(view.name, view);
      }
      for (const imported of idl.imports) add(imported.idl);
    };
    for (const idl of this.includes.values()) add(idl);
    return byName;
  }
}
