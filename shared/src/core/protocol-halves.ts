// TProtocol has a read half and a write half. The JSON reader only reads and the
// JSON writer only writes (each object serves one message one way); these fill in
// the other half with methods that throw, so that each is a whole TProtocol.
import type { TProtocol } from "thrift";

const readMethods = [
  "readMessageBegin",
  "readMessageEnd",
  "readStructBegin",
  "readStructEnd",
  "readFieldBegin",
  "readFieldEnd",
  "readMapBegin",
  "readMapEnd",
  "readListBegin",
  "readListEnd",
  "readSetBegin",
  "readSetEnd",
  "readBool",
  "readByte",
  "readI16",
  "readI32",
  "readI64",
  "readDouble",
  "readString",
  "readBinary",
  "readUuid",
  "skip",
] as const satisfies readonly (keyof TProtocol)[];

const writeMethods = [
  "flush",
  "writeMessageBegin",
  "writeMessageEnd",
  "writeStructBegin",
  "writeStructEnd",
  "writeFieldBegin",
  "writeFieldEnd",
  "writeFieldStop",
  "writeMapBegin",
  "writeMapEnd",
  "writeListBegin",
  "writeListEnd",
  "writeSetBegin",
  "writeSetEnd",
  "writeBool",
  "writeByte",
  "writeI16",
  "writeI32",
  "writeI64",
  "writeDouble",
  "writeString",
  "writeBinary",
  "writeUuid",
] as const satisfies readonly (keyof TProtocol)[];

/** TProtocol's read methods; with WriteHalf and getTransport(), the whole of it. */
export type ReadHalf = Pick<TProtocol, (typeof readMethods)[number]>;
export type WriteHalf = Pick<TProtocol, (typeof writeMethods)[number]>;

function refuse(prototype: object, methods: readonly string[], message: string): void {
  const fail = (): never => {
    throw new Error(message);
  };
  for (const name of methods) Object.defineProperty(prototype, name, { value: fail });
}

/** Makes every write method of `prototype` throw. */
export function refuseWrites(prototype: object, className: string): void {
  refuse(prototype, writeMethods, `${className} only reads`);
}

/** Makes every read method of `prototype` throw. */
export function refuseReads(prototype: object, className: string): void {
  refuse(prototype, readMethods, `${className} only writes`);
}
