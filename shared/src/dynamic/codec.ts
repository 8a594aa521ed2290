// StructCodecs driven by the resolved IDL model at run time, with no generated code:
// what `thrift-http call` and the playground encode and decode with. They read and
// write exactly what the generated codecs of the same IDL do (codegen/emit-codec.ts,
// checked byte for byte in all three protocols by codec.property.test.ts), through the
// same helpers (core/codec.ts), and their values have the same shapes (values.ts).
//
// Nothing here needs Node beyond `Buffer`, which binary values are in every protocol
// implementation (Apache's and ours): in a browser, the `buffer` package provides it.
import { Thrift } from "thrift";
import type { Field, Idl, TypeRef } from "../codegen/model";
import { comparedByValue } from "../codegen/ts-type";
import {
  readList,
  readMap,
  readSet,
  readThriftMap,
  readThriftSet,
  messageField,
  unionError,
  unionFieldsError,
  unsetFieldError,
  writeList,
  writeMap,
  writeSet,
  writeThriftMap,
  writeThriftSet,
} from "../core/codec";
import type { StructCodec } from "../core/definition";
import { exceptionClass, type ExceptionClass } from "./exception-class";
import { bareName, idlName, structNamed } from "./model";
import { scalars, type ValueCodec } from "./scalars";
import { evaluate } from "./values";

const { Type } = Thrift;

/** A struct-like type as the codecs see it: its name on the wire, its kind and fields. */
export interface StructSpec {
  readonly name: string;
  readonly kind: "struct" | "union" | "exception";
  readonly fields: readonly Field[];
}

/**
 * The codecs of every type one IDL file can name (its own and its includes'), built on
 * first use and kept. Building one checks the defaults it applies: an IDL the
 * generator would refuse for a default fails here with the same `IdlError`.
 */
export class DynamicCodecs {
  private readonly structs = new Map<string, StructCodec<unknown>>();
  private readonly exceptions = new Map<string, ExceptionClass>();

  constructor(readonly idl: Idl) {}

  /** The codec of the struct, union or exception named `name` (as the model spells it). */
  struct(name: string): StructCodec<unknown> {
    const known = this.structs.get(name);
    if (known !== undefined) return known;
    const definition = structNamed(this.idl, name);
    // Kept before it is complete: a recursive type's fields find it here.
    const codec: StructCodec<unknown> = { read: unready, write: unready };
    this.structs.set(name, codec);
    const built = this.fields(
      { name: bareName(definition.name), kind: definition.kind, fields: definition.fields },
      name,
    );
    codec.read = built.read;
    codec.write = built.write as StructCodec<unknown>["write"];
    return codec;
  }

  /** The class of the exception named `name`: a subclass of `Error` named as in the IDL. */
  exceptionClass(name: string): ExceptionClass {
    const known = this.exceptions.get(name);
    if (known !== undefined) return known;
    const definition = structNamed(this.idl, name);
    if (definition.kind !== "exception") throw new TypeError(`${idlName(name)} is not an exception`);
    const created = exceptionClass(definition);
    this.exceptions.set(name, created);
    return created;
  }

  /**
   * A codec of the fields `spec` lists, such as a method's arguments or result. `type`
   * is the exception's name in the model when `spec` is one (its values are built
   * with its class).
   */
  fields(spec: StructSpec, type?: string): StructCodec<Record<string, unknown>> {
    const fields = spec.fields.map((field) => this.field(spec, field));
    const byId = new Map(fields.map((field) => [field.id, field]));
    const required = fields.filter((field) => field.required);
    if (spec.kind === "union") return unionCodec(spec.name, fields, byId);
    const Exception = spec.kind === "exception" && type !== undefined ? this.exceptionClass(type) : undefined;
    const isException = Exception !== undefined;
    return {
      read(input) {
        const values: Record<string, unknown> = {};
        for (const field of fields)
          if (field.fallback !== undefined && !field.required) values[field.name] = field.fallback();
        input.readStructBegin();
        for (;;) {
          const { ftype, fid } = input.readFieldBegin();
          if (ftype === Type.STOP) break;
          const field = byId.get(fid);
          if (field !== undefined && ftype === field.codec.wire) values[field.name] = field.codec.read(input);
          else input.skip(ftype);
          input.readFieldEnd();
        }
        input.readStructEnd();
        for (const field of required)
          if (values[field.name] === undefined) throw unsetFieldError(spec.name, field.name);
        return Exception === undefined ? values : (new Exception(values) as unknown as Record<string, unknown>);
      },
      write(output, value) {
        // Every check before the first byte: a failed write leaves nothing half-written.
        for (const field of required)
          if (fieldOf(value, field, isException) === undefined) throw unsetFieldError(spec.name, field.name);
        output.writeStructBegin(spec.name);
        for (const field of fields) {
          let fieldValue = fieldOf(value, field, isException);
          // "req-out": a field neither required nor optional is written as its default when unset.
          if (fieldValue === undefined && field.writesDefault) fieldValue = field.fallback!();
          if (fieldValue === undefined) continue;
          output.writeFieldBegin(field.name, field.codec.wire, field.id);
          field.codec.write(output, fieldValue);
          output.writeFieldEnd();
        }
        output.writeFieldStop();
        output.writeStructEnd();
      },
    };
  }

  private field(spec: StructSpec, field: Field): CompiledField {
    const where = `${spec.name}.${field.name}`;
    const { defaultValue } = field;
    let fallback: (() => unknown) | undefined;
    if (defaultValue !== undefined && field.requiredness !== "required") {
      fallback = () => evaluate(this.idl, defaultValue, field.type, where);
      fallback(); // checked now, not at the first read
    }
    return {
      id: field.id,
      name: field.name,
      codec: this.value(field.type),
      required: field.requiredness === "required",
      fallback,
      writesDefault: field.requiredness === "default" && fallback !== undefined,
    };
  }

  /** The codec of one type; a struct's is looked up when first used, so recursive types work. */
  value(type: TypeRef): ValueCodec {
    switch (type.kind) {
      case "struct": {
        let codec: StructCodec<unknown> | undefined;
        const struct = () => (codec ??= this.struct(type.name));
        struct(); // built now: its defaults are checked with the rest
        return {
          wire: Type.STRUCT,
          read: (input) => struct().read(input),
          write: (output, value) => struct().write(output, value),
        };
      }
      case "list": {
        const element = this.value(type.element);
        return {
          wire: Type.LIST,
          read: (input) => readList(input, element.wire, () => element.read(input)),
          write: (output, value) =>
            writeList(output, element.wire, value as unknown[], (item) => element.write(output, item)),
        };
      }
      case "set": {
        const element = this.value(type.element);
        const [read, write] = comparedByValue(type.element) ? [readThriftSet, writeThriftSet] : [readSet, writeSet];
        return {
          wire: Type.SET,
          read: (input) => read(input, element.wire, () => element.read(input)),
          write: (output, value) =>
            write(output, element.wire, value as Set<unknown>, (item) => element.write(output, item)),
        };
      }
      case "map": {
        const key = this.value(type.key);
        const item = this.value(type.value);
        const [read, write] = comparedByValue(type.key) ? [readThriftMap, writeThriftMap] : [readMap, writeMap];
        return {
          wire: Type.MAP,
          read: (input) =>
            read(
              input,
              key.wire,
              item.wire,
              () => key.read(input),
              () => item.read(input),
            ),
          write: (output, value) =>
            write(
              output,
              key.wire,
              item.wire,
              value as Map<unknown, unknown>,
              (k) => key.write(output, k),
              (v) => item.write(output, v),
            ),
        };
      }
      default:
        return scalars[type.kind];
    }
  }
}

interface CompiledField {
  readonly id: number;
  readonly name: string;
  readonly codec: ValueCodec;
  readonly required: boolean;
  /** A fresh value of its default, if it has one and is not required. */
  readonly fallback: (() => unknown) | undefined;
  /** Written as its default when unset: neither required nor optional, with a default. */
  readonly writesDefault: boolean;
}

function unionCodec(
  name: string,
  fields: readonly CompiledField[],
  byId: ReadonlyMap<number, CompiledField>,
): StructCodec<Record<string, unknown>> {
  const byName = new Map(fields.map((field) => [field.name, field]));
  return {
    read(input) {
      // No field, or only one this program does not know: the unknown state.
      let value: Record<string, unknown> = { case: undefined };
      let count = 0;
      input.readStructBegin();
      for (;;) {
        const { ftype, fid } = input.readFieldBegin();
        if (ftype === Type.STOP) break;
        // At most one field is on the wire: a second one is malformed, not a choice.
        if (++count > 1) throw unionFieldsError(name);
        const field = byId.get(fid);
        if (field !== undefined && ftype === field.codec.wire)
          value = { case: field.name, value: field.codec.read(input) };
        else input.skip(ftype);
        input.readFieldEnd();
      }
      input.readStructEnd();
      return value;
    },
    write(output, value) {
      // Checked before the first byte, as a struct's required fields are.
      const field = typeof value.case === "string" ? byName.get(value.case) : undefined;
      if (value.value === undefined || field === undefined) throw unionError(name, value);
      output.writeStructBegin(name);
      output.writeFieldBegin(field.name, field.codec.wire, field.id);
      field.codec.write(output, value.value);
      output.writeFieldEnd();
      output.writeFieldStop();
      output.writeStructEnd();
    },
  };
}

/** A field's value to write. An exception's Error.message is always a string: its `message` field is what was given. */
function fieldOf(value: Record<string, unknown>, field: CompiledField, isException: boolean): unknown {
  return isException && field.name === "message" && value instanceof Error ? messageField(value) : value[field.name];
}

function unready(): never {
  throw new Error("A codec was used while it was being built");
}
