// The checks every bounded reader makes before acting on what it read (Apache's
// protocols, bounded in bounded.ts, and our JSON reader in json-reader.ts), so the
// three protocols refuse the same things with the same messages.
import { isUtf8 } from "node:buffer";
import { Thrift, type TProtocol } from "thrift";
import { readI64 } from "./codec";

const { Type, TProtocolException, TProtocolExceptionType: Problem } = Thrift;

export function fail(type: Thrift.TProtocolExceptionType, message: string): never {
  throw new TProtocolException(type, message);
}

/**
 * Refuses a string's bytes, `start` to `end`, unless they are UTF-8, as every Thrift
 * string is: read as U+FFFD, two different keys would arrive as one.
 */
export function checkUtf8(bytes: Buffer, start: number, end: number): void {
  if (!isUtf8(bytes.subarray(start, end))) fail(Problem.INVALID_DATA, `Invalid UTF-8 in the string at byte ${start}`);
}

/** Throws once structs and containers nest deeper than `maxDepth`. */
export function checkDepth(depth: number, maxDepth: number): void {
  if (depth > maxDepth) fail(Problem.DEPTH_LIMIT, `Nesting deeper than ${maxDepth} levels`);
}

/**
 * Throws unless a container of `size` elements fits `maxContainerSize`, the elements
 * the message may still claim (`budget`) and the bytes left (`minBytes` per element).
 */
export function checkContainerSize(
  size: number,
  maxContainerSize: number,
  budget: number,
  availableBytes: number,
  minBytes: number,
): void {
  if (size < 0) fail(Problem.NEGATIVE_SIZE, `Negative container size ${size}`);
  if (size > maxContainerSize) {
    fail(Problem.SIZE_LIMIT, `Container size ${size} exceeds the limit of ${maxContainerSize}`);
  }
  if (!Number.isInteger(size)) fail(Problem.INVALID_DATA, `Invalid container size ${String(size)}`);
  if (size > budget || size * minBytes > availableBytes) {
    fail(Problem.SIZE_LIMIT, `Container size ${size} exceeds what the rest of the message can hold`);
  }
}

/**
 * Reads past a value of `type` through `input`'s own (bounded) methods. Apache's
 * skip() accepts STOP-typed containers and recurses on its own counter; this fails
 * on any type that has no value. A STRING-typed value is `binary` or `string` alike on
 * the wire, and one the reader does not know may be either: `text` says how the protocol
 * writes both (JSON: as JSON strings, base64 for binary), else it is skipped as bytes, as
 * Apache's C++ and Java do, so a `binary` field a newer IDL added is not refused as bad
 * UTF-8.
 */
export function skipValue(input: TProtocol, type: Thrift.Type, text = false): void {
  switch (type) {
    case Type.BOOL:
      input.readBool();
      return;
    case Type.BYTE:
      input.readByte();
      return;
    case Type.I16:
      input.readI16();
      return;
    case Type.I32:
      input.readI32();
      return;
    case Type.I64:
      readI64(input);
      return;
    case Type.DOUBLE:
      input.readDouble();
      return;
    case Type.STRING:
      if (text) input.readString();
      else input.readBinary();
      return;
    case Type.UUID:
      input.readUuid();
      return;
    case Type.STRUCT:
      input.readStructBegin();
      for (let field = input.readFieldBegin(); field.ftype !== Type.STOP; field = input.readFieldBegin()) {
        skipValue(input, field.ftype, text);
        input.readFieldEnd();
      }
      input.readStructEnd();
      return;
    case Type.MAP: {
      const map = input.readMapBegin();
      for (let i = 0; i < map.size; i++) {
        skipValue(input, map.ktype, text);
        skipValue(input, map.vtype, text);
      }
      input.readMapEnd();
      return;
    }
    case Type.SET:
    case Type.LIST: {
      const list = input.readListBegin();
      for (let i = 0; i < list.size; i++) skipValue(input, list.etype, text);
      input.readListEnd();
      return;
    }
    default:
      fail(Problem.INVALID_DATA, `Cannot skip a value of type ${String(type)}`);
  }
}
