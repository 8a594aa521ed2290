// How each Thrift type is read and written: the wire type constant, the read
// expression and the write call, as generated code spells them.
import { arrow, call, type Expr } from "./expr";
import type { Imports } from "./imports";
import type { TypeRef } from "./model";
import { comparedByValue } from "./ts-type";

const wireTypes: Record<TypeRef["kind"], string> = {
  bool: "BOOL",
  byte: "BYTE",
  i16: "I16",
  i32: "I32",
  i64: "I64",
  double: "DOUBLE",
  string: "STRING",
  binary: "STRING",
  uuid: "UUID",
  enum: "I32",
  struct: "STRUCT",
  list: "LIST",
  set: "SET",
  map: "MAP",
};

// The protocol method of each scalar, without its read/write prefix.
const scalarMethods = {
  bool: "Bool",
  byte: "Byte",
  i16: "I16",
  i32: "I32",
  double: "Double",
  string: "String",
  binary: "Binary",
  uuid: "Uuid",
  enum: "I32",
} as const;

/** `Thrift.Type.X` of a type. */
export function wireType(type: TypeRef, imports: Imports): string {
  return `${imports.thrift()}.Type.${wireTypes[type.kind]}`;
}

/** An expression reading one value of `type` from `input`. */
export function readValue(type: TypeRef, imports: Imports): Expr {
  const input = imports.local("input");
  switch (type.kind) {
    case "i64":
      return call(imports.value("readI64"), input);
    case "struct":
      return `${type.name}Codec.read(${input})`;
    case "list":
    case "set": {
      const helper = type.kind === "list" ? "readList" : comparedByValue(type.element) ? "readThriftSet" : "readSet";
      const element = arrow([], readValue(type.element, imports));
      return call(imports.value(helper), input, wireType(type.element, imports), element);
    }
    case "map": {
      const helper = comparedByValue(type.key) ? "readThriftMap" : "readMap";
      return call(
        imports.value(helper),
        input,
        wireType(type.key, imports),
        wireType(type.value, imports),
        arrow([], readValue(type.key, imports)),
        arrow([], readValue(type.value, imports)),
      );
    }
    default:
      return `${input}.read${scalarMethods[type.kind]}()`;
  }
}

/**
 * A call writing `value` (an expression) of `type` to `output`. `depth` numbers
 * the parameters of nested callbacks so they do not shadow each other.
 */
export function writeValue(type: TypeRef, value: Expr, imports: Imports, depth = 1): Expr {
  const suffix = depth === 1 ? "" : String(depth);
  const output = imports.local("output");
  switch (type.kind) {
    case "i64":
      return call(imports.value("writeI64"), output, value);
    case "struct":
      return call(`${type.name}Codec.write`, output, value);
    case "list":
    case "set": {
      const helper = type.kind === "list" ? "writeList" : comparedByValue(type.element) ? "writeThriftSet" : "writeSet";
      const item = imports.local(`item${suffix}`);
      const element = arrow([item], writeValue(type.element, item, imports, depth + 1));
      return call(imports.value(helper), output, wireType(type.element, imports), value, element);
    }
    case "map": {
      const helper = comparedByValue(type.key) ? "writeThriftMap" : "writeMap";
      const key = imports.local(`key${suffix}`);
      const item = imports.local(`item${suffix}`);
      return call(
        imports.value(helper),
        output,
        wireType(type.key, imports),
        wireType(type.value, imports),
        value,
        arrow([key], writeValue(type.key, key, imports, depth + 1)),
        arrow([item], writeValue(type.value, item, imports, depth + 1)),
      );
    }
    default:
      return call(`${output}.write${scalarMethods[type.kind]}`, value);
  }
}
