// How the run-time codecs read and write one value, and the codecs of Thrift's scalar
// types (an enum is an i32 on the wire): a table, so that codec.ts builds only the
// types made of others.
import { Thrift, type TProtocol } from "thrift";
import { readI64, writeI64 } from "../core/codec";

const { Type } = Thrift;

/** Reads and writes one value of one type. */
export interface ValueCodec {
  /** Its wire type: a field of another type is skipped when read. */
  readonly wire: Thrift.Type;
  read(input: TProtocol): unknown;
  write(output: TProtocol, value: unknown): void;
}

/** The codec of each scalar type, by its kind in the IDL model. */
export const scalars = {
  bool: {
    wire: Type.BOOL,
    read: (i: TProtocol) => i.readBool(),
    write: (o: TProtocol, v: unknown) => o.writeBool(v as boolean),
  },
  byte: {
    wire: Type.BYTE,
    read: (i: TProtocol) => i.readByte(),
    write: (o: TProtocol, v: unknown) => o.writeByte(v as number),
  },
  i16: {
    wire: Type.I16,
    read: (i: TProtocol) => i.readI16(),
    write: (o: TProtocol, v: unknown) => o.writeI16(v as number),
  },
  i32: {
    wire: Type.I32,
    read: (i: TProtocol) => i.readI32(),
    write: (o: TProtocol, v: unknown) => o.writeI32(v as number),
  },
  i64: {
    wire: Type.I64,
    read: (i: TProtocol) => readI64(i),
    write: (o: TProtocol, v: unknown) => writeI64(o, v as bigint),
  },
  double: {
    wire: Type.DOUBLE,
    read: (i: TProtocol) => i.readDouble(),
    write: (o: TProtocol, v: unknown) => o.writeDouble(v as number),
  },
  string: {
    wire: Type.STRING,
    read: (i: TProtocol) => i.readString(),
    write: (o: TProtocol, v: unknown) => o.writeString(v as string),
  },
  binary: {
    wire: Type.STRING,
    read: (i: TProtocol) => i.readBinary(),
    write: (o: TProtocol, v: unknown) => o.writeBinary(v as Buffer),
  },
  uuid: {
    wire: Type.UUID,
    read: (i: TProtocol) => i.readUuid(),
    write: (o: TProtocol, v: unknown) => o.writeUuid(v as string),
  },
  enum: {
    wire: Type.I32,
    read: (i: TProtocol) => i.readI32(),
    write: (o: TProtocol, v: unknown) => o.writeI32(v as number),
  },
} satisfies Record<string, ValueCodec>;
