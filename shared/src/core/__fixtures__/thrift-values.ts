// Random Thrift types and values of them, with a reader and a writer driven by the
// type, so that protocol properties cover every type, nested every way, without a
// generated codec. Values: bool, number (i8, i16, i32, double), bigint (i64),
// string, Buffer (binary), string (uuid), { [field id]: value } (struct), array
// (list), Set (set), Map (map).
import fc from "fast-check";
import { Thrift, type TProtocol } from "thrift";
import { readI64, writeI64 } from "../codec";

const { Type } = Thrift;

export type ScalarType = { kind: "bool" | "i8" | "i16" | "i32" | "i64" | "double" | "string" | "binary" | "uuid" };
export type ThriftType =
  | ScalarType
  | { kind: "struct"; fields: readonly { id: number; type: ThriftType }[] }
  | { kind: "list" | "set"; element: ThriftType }
  | { kind: "map"; key: ScalarType; value: ThriftType };

const wireTypes = {
  bool: Type.BOOL,
  i8: Type.BYTE,
  i16: Type.I16,
  i32: Type.I32,
  i64: Type.I64,
  double: Type.DOUBLE,
  string: Type.STRING,
  binary: Type.STRING,
  uuid: Type.UUID,
  struct: Type.STRUCT,
  list: Type.LIST,
  set: Type.SET,
  map: Type.MAP,
} as const;

export const wireType = (type: ThriftType): Thrift.Type => wireTypes[type.kind];

const scalarKinds = ["bool", "i8", "i16", "i32", "i64", "double", "string", "binary", "uuid"] as const;
export const scalarType: fc.Arbitrary<ScalarType> = fc.constantFrom(...scalarKinds).map((kind) => ({ kind }));

const anyFieldId = fc.integer({ min: -32768, max: 32767 });

/** Types nested up to about `depth` levels, with field ids from `fieldId`. */
export function thriftType(depth = 3, fieldId: fc.Arbitrary<number> = anyFieldId): fc.Arbitrary<ThriftType> {
  const { type } = fc.letrec<{ type: ThriftType }>((tie) => ({
    type: fc.oneof(
      { depthSize: "small", maxDepth: depth, withCrossShrink: true },
      scalarType,
      fc.record({
        kind: fc.constant("struct" as const),
        fields: fc.uniqueArray(fc.record({ id: fieldId, type: tie("type") }), {
          maxLength: 4,
          selector: (field) => field.id,
        }),
      }),
      fc.record({ kind: fc.constantFrom("list" as const, "set" as const), element: tie("type") }),
      fc.record({ kind: fc.constant("map" as const), key: scalarType, value: tie("type") }),
    ),
  }));
  return type;
}

export interface ValueOptions {
  /** The characters strings are made of (default: any, lone surrogates and controls included). */
  readonly char?: fc.Arbitrary<string>;
  /** Doubles to draw from (default: every double, NaN, infinities and -0 included). */
  readonly double?: fc.Arbitrary<number>;
  /** i64 values to draw from (default: all of them). */
  readonly i64?: fc.Arbitrary<bigint>;
  /** Never an empty container directly inside another (thrift 0.24's TJSONProtocol cannot read one back). */
  readonly noEmptyNested?: boolean;
  /** Strings that must not be map keys. */
  readonly excludedKeys?: readonly string[];
}

/** Any UTF-16 code unit, lone surrogates included, or any code point. */
export const anyChar: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);

/** `text` as every protocol sends it: a lone surrogate becomes U+FFFD (Node's UTF-8 encoder). */
export const wellFormed = (text: string): string => Buffer.from(text, "utf8").toString("utf8");

/** What tells apart map keys on the wire: two keys that look alike there are one JSON key. */
function wireKey(key: unknown): string {
  if (Buffer.isBuffer(key)) return `b:${key.toString("base64")}`;
  if (typeof key === "string") return `s:${wellFormed(key)}`;
  return `${typeof key}:${String(key)}`;
}

export function valueOfType(type: ThriftType, options: ValueOptions = {}, inContainer = false): fc.Arbitrary<unknown> {
  const size = { minLength: inContainer && options.noEmptyNested ? 1 : 0, maxLength: 4 };
  switch (type.kind) {
    case "bool":
      return fc.boolean();
    case "i8":
      return fc.integer({ min: -128, max: 127 });
    case "i16":
      return fc.integer({ min: -32768, max: 32767 });
    case "i32":
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case "i64":
      return options.i64 ?? fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case "double":
      return options.double ?? fc.double();
    case "string":
      return fc.string({ unit: options.char ?? anyChar, maxLength: 8 });
    case "binary":
      return fc.uint8Array({ maxLength: 10 }).map((bytes) => Buffer.from(bytes));
    case "uuid":
      return fc.uuid();
    case "struct":
      return fc.record(Object.fromEntries(type.fields.map((field) => [field.id, valueOfType(field.type, options)])), {
        requiredKeys: [],
      });
    case "list":
      return fc.array(valueOfType(type.element, options, true), size);
    case "set":
      return fc.array(valueOfType(type.element, options, true), size).map((elements) => new Set(elements));
    case "map": {
      const excluded = options.excludedKeys ?? [];
      const key = valueOfType(type.key, options).filter((k) => typeof k !== "string" || !excluded.includes(k));
      return fc
        .uniqueArray(fc.tuple(key, valueOfType(type.value, options, true)), { ...size, selector: ([k]) => wireKey(k) })
        .map((entries) => new Map(entries));
    }
  }
}

export function writeValue(output: TProtocol, type: ThriftType, value: unknown): void {
  switch (type.kind) {
    case "bool":
      return output.writeBool(value as boolean);
    case "i8":
      return output.writeByte(value as number);
    case "i16":
      return output.writeI16(value as number);
    case "i32":
      return output.writeI32(value as number);
    case "i64":
      return writeI64(output, value as bigint);
    case "double":
      return output.writeDouble(value as number);
    case "string":
      return output.writeString(value as string);
    case "binary":
      return output.writeBinary(value as Buffer);
    case "uuid":
      return output.writeUuid(value as string);
    case "struct": {
      const fields = value as Record<number, unknown>;
      output.writeStructBegin("s");
      for (const field of type.fields) {
        if (!(field.id in fields)) continue;
        output.writeFieldBegin(`f${field.id}`, wireType(field.type), field.id);
        writeValue(output, field.type, fields[field.id]);
        output.writeFieldEnd();
      }
      output.writeFieldStop();
      return output.writeStructEnd();
    }
    case "list":
    case "set": {
      const elements = [...(value as Iterable<unknown>)];
      if (type.kind === "list") output.writeListBegin(wireType(type.element), elements.length);
      else output.writeSetBegin(wireType(type.element), elements.length);
      for (const element of elements) writeValue(output, type.element, element);
      return type.kind === "list" ? output.writeListEnd() : output.writeSetEnd();
    }
    case "map": {
      const map = value as Map<unknown, unknown>;
      output.writeMapBegin(wireType(type.key), wireType(type.value), map.size);
      for (const [k, v] of map) {
        writeValue(output, type.key, k);
        writeValue(output, type.value, v);
      }
      return output.writeMapEnd();
    }
  }
}

export function readValue(input: TProtocol, type: ThriftType): unknown {
  switch (type.kind) {
    case "bool":
      return input.readBool();
    case "i8":
      return input.readByte();
    case "i16":
      return input.readI16();
    case "i32":
      return input.readI32();
    case "i64":
      return readI64(input);
    case "double":
      return input.readDouble();
    case "string":
      return input.readString();
    case "binary":
      return input.readBinary();
    case "uuid":
      return input.readUuid();
    case "struct": {
      const fields: Record<number, unknown> = {};
      input.readStructBegin();
      for (let header = input.readFieldBegin(); header.ftype !== Type.STOP; header = input.readFieldBegin()) {
        const field = type.fields.find((f) => f.id === header.fid);
        if (field === undefined || wireType(field.type) !== header.ftype) input.skip(header.ftype);
        else fields[field.id] = readValue(input, field.type);
        input.readFieldEnd();
      }
      input.readStructEnd();
      return fields;
    }
    case "list":
    case "set": {
      const header = type.kind === "list" ? input.readListBegin() : input.readSetBegin();
      const elements: unknown[] = [];
      for (let i = 0; i < header.size; i++) elements.push(readValue(input, type.element));
      if (type.kind === "list") input.readListEnd();
      else input.readSetEnd();
      return type.kind === "list" ? elements : new Set(elements);
    }
    case "map": {
      const header = input.readMapBegin();
      const map = new Map<unknown, unknown>();
      for (let i = 0; i < header.size; i++) {
        const k = readValue(input, type.key);
        map.set(k, readValue(input, type.value));
      }
      input.readMapEnd();
      return map;
    }
  }
}

/** `value` as any protocol reads it back: strings well-formed (lone surrogates are U+FFFD). */
export function asSent(type: ThriftType, value: unknown): unknown {
  switch (type.kind) {
    case "string":
      return wellFormed(value as string);
    case "uuid":
      return (value as string).toLowerCase();
    case "struct":
      return Object.fromEntries(
        Object.entries(value as Record<number, unknown>).map(([id, v]) => [
          id,
          asSent(type.fields.find((f) => f.id === Number(id))!.type, v),
        ]),
      );
    case "list":
      return (value as unknown[]).map((v) => asSent(type.element, v));
    case "set":
      return new Set([...(value as Set<unknown>)].map((v) => asSent(type.element, v)));
    case "map":
      return new Map(
        [...(value as Map<unknown, unknown>)].map(([k, v]) => [asSent(type.key, k), asSent(type.value, v)]),
      );
    default:
      return value;
  }
}

/** A message holding `value` of `type` as field 1 of its struct. */
export function writeMessage(output: TProtocol, type: ThriftType, value: unknown): void {
  output.writeMessageBegin("m", Thrift.MessageType.CALL, 1);
  writeValue(output, { kind: "struct", fields: [{ id: 1, type }] }, { 1: value });
  output.writeMessageEnd();
}

/** Reads what writeMessage wrote: the value of field 1. */
export function readMessage(input: TProtocol, type: ThriftType): unknown {
  input.readMessageBegin();
  const fields = readValue(input, { kind: "struct", fields: [{ id: 1, type }] }) as Record<number, unknown>;
  input.readMessageEnd();
  return fields[1];
}
