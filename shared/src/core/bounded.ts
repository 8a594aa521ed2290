// Apache's protocol objects, bounded for untrusted input. Apache trusts the lengths
// and sizes it reads: a 25-byte "list of 2^31 STOP" keeps its skip() busy for
// seconds, and a claimed 2 GiB string is allocated before the read fails. These
// subclasses check every length, size and nesting level before acting on it.
import {
  Thrift,
  TBinaryProtocol,
  TCompactProtocol,
  TJSONProtocol,
  type TList,
  type TMap,
  type TMessage,
  type TProtocol,
  type TProtocolConstructor,
  type TSet,
} from "thrift";
import { defaultDecodeLimits, type DecodeLimits } from "./limits";
import type { ProtocolName } from "./protocols";
import { MemoryTransport } from "./transport";
import { checkUuid, uuidFromBytes } from "./uuid";

const { Type, TProtocolException, TProtocolExceptionType: Problem } = Thrift;

function fail(type: Thrift.TProtocolExceptionType, message: string): never {
  throw new TProtocolException(type, message);
}

function bounded(Base: TProtocolConstructor) {
  return class Bounded extends Base {
    protected readonly input: MemoryTransport;
    protected readonly maxDepth: number;
    protected readonly maxStringBytes: number;
    private readonly maxContainerSize: number;
    private depth = 0;
    /**
     * Elements all containers of the message may still claim. Every element takes at
     * least one byte in every protocol, so a message never needs more than its length.
     */
    protected budget: number;

    constructor(input: MemoryTransport, limits: Partial<DecodeLimits>) {
      super(input);
      this.input = input;
      this.maxDepth = limits.maxDepth ?? defaultDecodeLimits.maxDepth;
      this.maxStringBytes = limits.maxStringBytes ?? defaultDecodeLimits.maxStringBytes;
      this.maxContainerSize = limits.maxContainerSize ?? defaultDecodeLimits.maxContainerSize;
      this.budget = input.remaining();
    }

    /** Bytes the rest of the message can still hold. */
    protected available(): number {
      return this.input.remaining();
    }

    /** Checks a string or binary length read from the wire. */
    protected checkLength(length: number): number {
      if (length < 0) fail(Problem.NEGATIVE_SIZE, `Negative string size ${length}`);
      if (length > this.maxStringBytes) {
        fail(Problem.SIZE_LIMIT, `String size ${length} exceeds the limit of ${this.maxStringBytes} bytes`);
      }
      if (length > this.input.remaining()) {
        fail(Problem.SIZE_LIMIT, `String size ${length} exceeds the ${this.input.remaining()} bytes left`);
      }
      return length;
    }

    override readStructBegin(): { fname: string } {
      this.enter();
      return super.readStructBegin();
    }

    override readStructEnd(): void {
      super.readStructEnd();
      this.depth--;
    }

    override readListBegin(): TList {
      this.enter();
      const list = super.readListBegin();
      this.claim(list.size, 1);
      return list;
    }

    override readListEnd(): void {
      super.readListEnd();
      this.depth--;
    }

    // A set is a list on the wire in all three protocols (compact and JSON even read
    // it through readListBegin), so it is read, and counted once, as a list.
    override readSetBegin(): TSet {
      return this.readListBegin();
    }

    override readSetEnd(): void {
      this.readListEnd();
    }

    override readMapBegin(): TMap {
      this.enter();
      const map = super.readMapBegin();
      this.claim(map.size, 2);
      return map;
    }

    override readMapEnd(): void {
      super.readMapEnd();
      this.depth--;
    }

    // Apache's skip() accepts STOP-typed containers and recurses on its own counter;
    // this one fails on any type that has no value and reads through the bounded methods.
    override skip(type: Thrift.Type): void {
      switch (type) {
        case Type.BOOL:
          this.readBool();
          return;
        case Type.BYTE:
          this.readByte();
          return;
        case Type.I16:
          this.readI16();
          return;
        case Type.I32:
          this.readI32();
          return;
        case Type.I64:
          this.readI64();
          return;
        case Type.DOUBLE:
          this.readDouble();
          return;
        case Type.STRING:
          this.readString();
          return;
        case Type.UUID:
          this.readUuid();
          return;
        case Type.STRUCT:
          this.readStructBegin();
          for (let field = this.readFieldBegin(); field.ftype !== Type.STOP; field = this.readFieldBegin()) {
            this.skip(field.ftype);
            this.readFieldEnd();
          }
          this.readStructEnd();
          return;
        case Type.MAP: {
          const map = this.readMapBegin();
          for (let i = 0; i < map.size; i++) {
            this.skip(map.ktype);
            this.skip(map.vtype);
          }
          this.readMapEnd();
          return;
        }
        case Type.SET:
        case Type.LIST: {
          const list = this.readListBegin();
          for (let i = 0; i < list.size; i++) this.skip(list.etype);
          this.readListEnd();
          return;
        }
        default:
          fail(Problem.INVALID_DATA, `Cannot skip a value of type ${String(type)}`);
      }
    }

    private enter(): void {
      if (++this.depth > this.maxDepth) fail(Problem.DEPTH_LIMIT, `Nesting deeper than ${this.maxDepth} levels`);
    }

    private claim(size: number, minBytes: number): void {
      if (size < 0) fail(Problem.NEGATIVE_SIZE, `Negative container size ${size}`);
      if (size > this.maxContainerSize) {
        fail(Problem.SIZE_LIMIT, `Container size ${size} exceeds the limit of ${this.maxContainerSize}`);
      }
      if (!Number.isInteger(size)) fail(Problem.INVALID_DATA, `Invalid container size ${String(size)}`);
      if (size > this.budget || size * minBytes > this.available()) {
        fail(Problem.SIZE_LIMIT, `Container size ${size} exceeds what the rest of the message can hold`);
      }
      this.budget -= size;
    }
  };
}

class BoundedBinary extends bounded(TBinaryProtocol) {
  override readMessageBegin(): TMessage {
    const message = super.readMessageBegin();
    // The old unversioned header carries the name as raw bytes.
    if (typeof message.fname !== "string") message.fname = String(message.fname);
    return message;
  }

  override readString(): string {
    return this.input.readString(this.checkLength(this.readI32()));
  }

  override readBinary(): Buffer {
    return this.input.read(this.checkLength(this.readI32()));
  }

  override readUuid(): string {
    return uuidFromBytes(this.input.read(16));
  }
}

/** Internals of Apache's TCompactProtocol that the overrides below use. */
interface CompactInternals {
  readVarint32(): number;
  boolValue_: { hasBoolValue: boolean; boolValue: boolean };
}

const compactTrue = 1;

class BoundedCompact extends bounded(TCompactProtocol) {
  override readString(): string {
    return this.input.readString(this.checkLength(this.internals().readVarint32()));
  }

  override readBinary(): Buffer {
    return this.input.read(this.checkLength(this.internals().readVarint32()));
  }

  override readUuid(): string {
    return uuidFromBytes(this.input.read(16));
  }

  // Apache's version reads a bool outside a field header (in a list, set or map)
  // as always false.
  override readBool(): boolean {
    const pending = this.internals().boolValue_;
    if (pending.hasBoolValue) {
      pending.hasBoolValue = false;
      return pending.boolValue;
    }
    return this.input.readByte() === compactTrue;
  }

  private internals(): CompactInternals {
    return this as unknown as CompactInternals;
  }
}

/**
 * Apache's TJSONProtocol parses the whole message up front, with a recursive parser,
 * then walks the parsed value; claimed sizes are bounded by the message length (the
 * budget), and nesting is checked on the raw bytes before the parser recurses.
 */
class BoundedJson extends bounded(TJSONProtocol) {
  override readMessageBegin(): TMessage {
    const { buf, readIndex } = this.input.borrow();
    // Each Thrift level is at most two JSON levels (`{"1":{"rec":{…}}}`).
    checkJsonNesting(buf, readIndex, 2 * this.maxDepth + 2);
    const message = super.readMessageBegin();
    if (typeof message.fname !== "string" || !Number.isInteger(message.mtype) || !Number.isInteger(message.rseqid)) {
      fail(Problem.INVALID_DATA, "Invalid JSON message header");
    }
    return message;
  }

  protected override available(): number {
    return this.budget;
  }

  override readString(): string {
    const value: unknown = super.readString();
    if (typeof value !== "string") fail(Problem.INVALID_DATA, "Expected a JSON string");
    // A UTF-16 unit takes at most 3 UTF-8 bytes: count bytes only when it matters.
    if (value.length * 3 > this.maxStringBytes && Buffer.byteLength(value) > this.maxStringBytes) {
      fail(Problem.SIZE_LIMIT, `String exceeds the limit of ${this.maxStringBytes} bytes`);
    }
    return value;
  }

  override readBinary(): Buffer {
    return Buffer.from(this.readString(), "base64");
  }

  // Apache's version returns whatever JSON value is there.
  override readUuid(): string {
    return checkUuid(super.readUuid());
  }
}

const openBracket = 0x5b;
const closeBracket = 0x5d;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const quote = 0x22;
const backslash = 0x5c;

function checkJsonNesting(buf: Buffer, start: number, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = start; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === backslash) i++;
      else if (c === quote) inString = false;
    } else if (c === quote) {
      inString = true;
    } else if (c === openBracket || c === openBrace) {
      if (++depth > maxDepth) fail(Problem.DEPTH_LIMIT, `JSON nested deeper than ${maxDepth} levels`);
    } else if (c === closeBracket || c === closeBrace) {
      if (--depth <= 0) return;
    }
  }
}

const readers = { binary: BoundedBinary, compact: BoundedCompact, json: BoundedJson };

/**
 * A protocol reading one message from `bytes`, with every length, size and nesting
 * level bounded by `limits`. Reads past the end throw `InputBufferUnderrunError`;
 * every other violation a `Thrift.TProtocolException`.
 */
export function createReader(
  protocol: ProtocolName,
  bytes: Buffer,
  limits: Partial<DecodeLimits> = defaultDecodeLimits,
): TProtocol {
  return new readers[protocol](new MemoryTransport(bytes), limits);
}
