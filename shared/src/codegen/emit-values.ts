// IDL constant values (consts and field defaults) as TypeScript expressions, checked
// against their declared type: a default that does not fit is an IDL error, not a
// surprise at run time.
import { SyntaxType, type ConstValue } from "./idl/ast";
import { IdlError, located } from "./errors";
import { doubleValue, inRange, integerValue, stringValue } from "./literals";
import type { Idl, TypeRef } from "./model";
import { tsType } from "./ts-type";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `value` as a TypeScript expression of `type`; `where` names it in errors. */
export function constValue(idl: Idl, value: ConstValue, type: TypeRef, where: string): string {
  const fail = (message: string): never => {
    throw new IdlError(located(idl.file, value.loc, `${where}: ${message}`));
  };
  const expected = (what: string): never => fail(`expected ${what} for ${describe(type)}`);

  // A reference to another const of the same type.
  if (value.type === SyntaxType.Identifier) {
    const referenced = idl.byName.get(value.value);
    if (referenced?.kind === "const" && sameType(referenced.type, type)) return referenced.name;
    if (type.kind !== "enum") return fail(`${value.value} is not a const of type ${describe(type)}`);
  }

  switch (type.kind) {
    case "bool":
      if (value.type === SyntaxType.BooleanLiteral) return String(value.value);
      if (value.type === SyntaxType.IntConstant) {
        const number = integerValue(value);
        if (number === 0n || number === 1n) return String(number === 1n);
      }
      return expected("true, false, 0 or 1");
    case "byte":
    case "i16":
    case "i32":
    case "i64": {
      if (value.type !== SyntaxType.IntConstant) return expected("an integer");
      const number = integerValue(value);
      if (!inRange(number, type.kind)) return fail(`${number} does not fit in ${type.kind}`);
      return type.kind === "i64" ? `${number}n` : String(number);
    }
    case "double":
      if (value.type === SyntaxType.IntConstant) return String(Number(integerValue(value)));
      if (value.type === SyntaxType.DoubleConstant) return String(doubleValue(value));
      return expected("a number");
    case "string":
      if (value.type !== SyntaxType.StringLiteral) return expected("a string");
      return JSON.stringify(stringValue(value));
    case "binary":
      if (value.type !== SyntaxType.StringLiteral) return expected("a string");
      return `Buffer.from(${JSON.stringify(stringValue(value))})`;
    case "uuid":
      if (value.type !== SyntaxType.StringLiteral || !uuidPattern.test(value.value)) {
        return expected("a UUID string");
      }
      return JSON.stringify(value.value.toLowerCase());
    case "enum": {
      const definition = idl.byName.get(type.name);
      if (definition?.kind !== "enum") throw new Error(`enum ${type.name} is not resolved`);
      const member =
        value.type === SyntaxType.Identifier
          ? definition.members.find((m) => value.value === `${type.name}.${m.name}` || value.value === m.name)
          : value.type === SyntaxType.IntConstant
            ? definition.members.find((m) => BigInt(m.value) === integerValue(value))
            : undefined;
      if (member === undefined) return fail(`expected a member of ${type.name}`);
      return `${type.name}.${member.name}`;
    }
    case "list":
    case "set": {
      if (value.type !== SyntaxType.ConstList) return expected("a list [...]");
      const elements = value.elements.map((element, i) =>
        constValue(idl, element, type.element, `${where}[${i}]`),
      );
      const list = `[${elements.join(", ")}]`;
      return type.kind === "list" ? list : `new Set<${tsType(type.element)}>(${list})`;
    }
    case "map": {
      if (value.type !== SyntaxType.ConstMap) return expected("a map {...}");
      const entries = value.properties.map((property) => {
        const key = constValue(idl, property.name, type.key, `${where} key`);
        return `[${key}, ${constValue(idl, property.initializer, type.value, `${where}[${key}]`)}]`;
      });
      return `new Map<${tsType(type.key)}, ${tsType(type.value)}>([${entries.join(", ")}])`;
    }
    case "struct":
      return structValue(idl, value, type.name, where, fail);
  }
}

function structValue(
  idl: Idl,
  value: ConstValue,
  name: string,
  where: string,
  fail: (message: string) => never,
): string {
  const definition = idl.byName.get(name);
  if (definition?.kind !== "struct" && definition?.kind !== "union") {
    return fail(`${name} is ${definition?.kind ?? "unknown"}: only structs and unions can be constants`);
  }
  if (value.type !== SyntaxType.ConstMap) return fail(`expected { "field": value, ... } for ${name}`);
  const given = new Set<string>();
  const properties = value.properties.map((property) => {
    const key = property.name.type === SyntaxType.StringLiteral ? property.name.value : undefined;
    const field = definition.fields.find((f) => f.name === key);
    if (field === undefined) return fail(`${name} has no field ${key ?? "of that name"}`);
    given.add(field.name);
    return `${field.name}: ${constValue(idl, property.initializer, field.type, `${where}.${field.name}`)}`;
  });
  const missing = definition.fields.find((f) => f.requiredness === "required" && !given.has(f.name));
  if (missing !== undefined) fail(`required field ${name}.${missing.name} is missing`);
  if (definition.kind === "union" && properties.length !== 1) fail(`union ${name} needs exactly one field`);
  return properties.length === 0 ? "{}" : `{ ${properties.join(", ")} }`;
}

function sameType(a: TypeRef, b: TypeRef): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "enum":
    case "struct":
      return a.name === (b as typeof a).name;
    case "list":
    case "set":
      return sameType(a.element, (b as typeof a).element);
    case "map":
      return sameType(a.key, (b as typeof a).key) && sameType(a.value, (b as typeof a).value);
    default:
      return true;
  }
}

function describe(type: TypeRef): string {
  return type.kind === "enum" || type.kind === "struct" ? type.name : type.kind;
}
