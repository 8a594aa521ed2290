// The TypeScript type of a Thrift type.
import type { Field, TypeRef } from "./model";

export function tsType(type: TypeRef): string {
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
      return "Buffer";
    case "enum":
    case "struct":
      return type.name;
    case "list":
      return `${tsType(type.element)}[]`;
    case "set":
      return `Set<${tsType(type.element)}>`;
    case "map":
      return `Map<${tsType(type.key)}, ${tsType(type.value)}>`;
  }
}

/** Whether a field may be absent from a value: all but the required ones. */
export function optional(field: Field): boolean {
  return field.requiredness !== "required";
}

/** A field as an interface member or parameter property: `name?: Type`. */
export function member(field: Field): string {
  return `${field.name}${optional(field) ? "?" : ""}: ${tsType(field.type)}`;
}
