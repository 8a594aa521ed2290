// Types as written to resolved types. A name may be used before its declaration;
// typedefs are followed to what they name (keeping the typedef's name for TypeScript),
// across included files too, and a typedef that names itself is an error.
import { SyntaxType } from "../idl/ast";
import type * as ast from "../idl/ast";
import type { BaseKind, TypeRef } from "../model";
import { bindingName } from "../names";
import type { Scope } from "./scope";

const baseKinds: Record<ast.BaseTypeName, BaseKind> = {
  bool: "bool",
  byte: "byte",
  i8: "byte",
  i16: "i16",
  i32: "i32",
  i64: "i64",
  double: "double",
  string: "string",
  binary: "binary",
  uuid: "uuid",
};

export class TypeResolver {
  /** Typedefs being followed, to find cycles. */
  private readonly following = new Set<string>();
  private readonly typedefs = new Map<string, TypeRef>();

  constructor(private readonly scope: Scope) {}

  /** `where` names the reference in messages. */
  resolve(node: ast.FieldType | ast.VoidType, where: string): TypeRef {
    switch (node.type) {
      case "BaseType":
        return { kind: baseKinds[node.name] };
      case "ListType":
      case "SetType": {
        const kind = node.type === "ListType" ? "list" : "set";
        return { kind, element: this.resolve(node.valueType, where) };
      }
      case "MapType": {
        const key = this.resolve(node.keyType, where);
        return { kind: "map", key, value: this.resolve(node.valueType, where) };
      }
      case "VoidType":
        return this.scope.fail(node.loc, `${where}: void is only a return type`);
      case SyntaxType.Identifier:
        return this.named(node, where);
    }
  }

  private named(node: ast.Identifier, where: string): TypeRef {
    const name = node.value;
    const foreign = this.scope.foreign(name);
    if (foreign !== undefined) {
      const definition = foreign.idl.definitions.find((d) => d.name === foreign.name);
      if (definition === undefined) {
        return this.scope.fail(node.loc, `${where}: ${foreign.prefix}.thrift has no type ${foreign.name}`);
      }
      const alias = this.scope.aliasOf(foreign.idl);
      switch (definition.kind) {
        case "enum":
          return { kind: "enum", name: `${alias}.${definition.name}` };
        case "struct":
        case "union":
        case "exception":
          return { kind: "struct", name: `${alias}.${definition.name}` };
        case "typedef":
          return { ...this.scope.rebase(definition.type, foreign.idl), alias: `${alias}.${definition.name}` };
        default:
          return this.scope.fail(node.loc, `${where}: ${name} is a ${definition.kind}, not a type`);
      }
    }
    const definition = this.scope.local.get(name);
    switch (definition?.type) {
      case "Enum":
        return { kind: "enum", name: bindingName(name) };
      case "Struct":
      case "Union":
      case "Exception":
        return { kind: "struct", name: bindingName(name) };
      case "Typedef":
        if (this.following.has(name)) {
          const chain = [...this.following.keys(), name].join(" -> ");
          return this.scope.fail(node.loc, `${where}: typedef ${name} names itself (${chain})`);
        }
        return { ...this.typedef(definition), alias: bindingName(name) };
      case "Const":
      case "Service":
        return this.scope.fail(node.loc, `${where}: ${name} is a ${definition.type.toLowerCase()}, not a type`);
      case undefined: {
        const why = this.scope.unknownPrefix(name);
        if (why !== undefined) return this.scope.fail(node.loc, `${where}: unknown type ${name}: ${why}`);
        return this.scope.fail(node.loc, `${where}: unknown type ${name}`);
      }
    }
  }

  /** What a typedef of this file names, resolved once. */
  typedef(definition: ast.Typedef): TypeRef {
    const name = definition.name.value;
    const known = this.typedefs.get(name);
    if (known !== undefined) return known;
    this.following.add(name);
    const type = this.resolve(definition.definitionType, name);
    this.following.delete(name);
    this.typedefs.set(name, type);
    return type;
  }
}
