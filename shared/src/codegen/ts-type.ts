// The TypeScript type of a Thrift type (docs/codegen.md has the whole mapping).
import type { Imports } from "./imports";
import type { Field, TypeRef } from "./model";

/**
 * Whether values of `type` need value semantics as map keys and set elements: JS
 * Map and Set compare objects (structs, containers, Buffers) by identity.
 */
export function comparedByValue(type: TypeRef): boolean {
  switch (type.kind) {
    case "struct":
    case "list":
    case "set":
    case "map":
    case "binary":
      return true;
    default:
      return false;
  }
}

export function tsType(type: TypeRef, imports: Imports): string {
  if (type.alias !== undefined) return type.alias;
  switch (type.kind) {
    case "bool":
      return "boolean";
    case "byte":
    case "i16":
    case "i32":
    case "double":
      return "number";
    case "i64":
      return "bigint";
    case "string":
    case "uuid":
      return "string";
    case "binary":
      return imports.global("Buffer");
    case "enum":
    case "struct":
      return type.name;
    case "list":
      return `${tsType(type.element, imports)}[]`;
    case "set":
      if (!comparedByValue(type.element)) return `${imports.global("Set")}<${tsType(type.element, imports)}>`;
      return `${imports.type("ThriftSet")}<${tsType(type.element, imports)}>`;
    case "map": {
      const key = tsType(type.key, imports);
      const value = tsType(type.value, imports);
      if (!comparedByValue(type.key)) return `${imports.global("Map")}<${key}, ${value}>`;
      return `${imports.type("ThriftMap")}<${key}, ${value}>`;
    }
  }
}

/** The type of a constant of `type`: deeply read-only, as constants are frozen. */
export function constType(type: TypeRef, imports: Imports): string {
  switch (type.kind) {
    case "struct":
    case "list":
    case "set":
    case "map":
      break;
    default:
      return tsType(type, imports);
  }
  if (type.alias !== undefined || type.kind === "struct") return `${imports.type("Frozen")}<${tsType(type, imports)}>`;
  switch (type.kind) {
    case "list": {
      // `readonly readonly number[][]` is not TypeScript: a read-only element is parenthesized.
      const element = constType(type.element, imports);
      return `readonly ${element.startsWith("readonly ") ? `(${element})` : element}[]`;
    }
    case "set":
      return `${imports.global("ReadonlySet")}<${constType(type.element, imports)}>`;
    case "map":
      return `${imports.global("ReadonlyMap")}<${constType(type.key, imports)}, ${constType(type.value, imports)}>`;
  }
}

/** Whether a field may be absent from a value: all but the required ones. */
export function optional(field: Field): boolean {
  return field.requiredness !== "required";
}

/** A field as an interface member or parameter property: `name?: Type`. */
export function member(field: Field, imports: Imports): string {
  return `${field.name}${optional(field) ? "?" : ""}: ${tsType(field.type, imports)}`;
}
