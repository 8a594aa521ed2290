// Apache's protocol objects, bounded for untrusted input. Apache trusts the lengths
// and sizes it reads: a 25-byte "list of 2^31 STOP" keeps its skip() busy for
// seconds, and a claimed 2 GiB string is allocated before the read fails. These
// subclasses check every length, size and nesting level before acting on it. JSON
// has a reader of its own (json-reader.ts): Apache's TJSONProtocol is too lenient.
import {
  Thrift,
  TBinaryProtocol,
  TCompactProtocol,
  fromBigInt,
  type Int64,
  type TList,
  type TMap,
  type TMessage,
  type TProtocol,
  type TProtocolConstructor,
  type TSet,
} from "thrift";
import { checkContainerSize, checkDepth, fail, skipValue } from "./bounds";
import { defaultDecodeLimits, type DecodeLimits } from "./limits";
import type { MemoryTransport } from "./transport";
import { uuidFromBytes } from "./uuid";

const { TProtocolExceptionType: Problem } = Thrift;

function bounded(Base: TProtocolConstructor) {
  return class Bounded extends Base {
    protected readonly input: MemoryTransport;
    private readonly maxDepth: number;
    private readonly maxStringBytes: number;
    private readonly maxContainerSize: number;
    private depth = 0;
    /**
     * Elements all containers of the message may still claim. Every element takes at
     * least one byte in every protocol, so a message never needs more than its length.
     */
    private budget: number;
    /** The message's length in bytes: all of the input. */
    private readonly length: number;

    constructor(input: MemoryTransport, limits: Partial<DecodeLimits>) {
      super(input);
      this.input = input;
      this.maxDepth = limits.maxDepth ?? defaultDecodeLimits.maxDepth;
      this.maxStringBytes = limits.maxStringBytes ?? defaultDecodeLimits.maxStringBytes;
      this.maxContainerSize = limits.maxContainerSize ?? defaultDecodeLimits.maxContainerSize;
      this.budget = input.remaining();
      this.length = input.remaining();
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

    // The message is the whole body, as the JSON reader holds too: bytes after it would
    // give one call many encodings (many cache keys for one GET), and no client sends them.
    override readMessageEnd(): void {
      super.readMessageEnd();
      const left = this.input.remaining();
      if (left > 0) {
        fail(Problem.INVALID_DATA, `Unexpected bytes after the message at byte ${this.length - left}`);
      }
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

    override skip(type: Thrift.Type): void {
      skipValue(this, type);
    }

    private enter(): void {
      checkDepth(++this.depth, this.maxDepth);
    }

    private claim(size: number, minBytes: number): void {
      checkContainerSize(size, this.maxContainerSize, this.budget, this.input.remaining(), minBytes);
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

  readBigInt64(): bigint {
    return this.input.readBigInt64();
  }
}

/** Internals of Apache's TCompactProtocol that the overrides below use. */
interface CompactInternals {
  boolValue_: { hasBoolValue: boolean; boolValue: boolean };
}

const compactTrue = 1;
const twoTo32 = 2 ** 32;
const twoTo53 = 2 ** 53;

// Apache reads every varint (a size, an i16, an i32, a field id) as a node-int64, an
// 8-byte buffer of its own, and an i64 through three more: a 1 MiB body of one-byte
// varints took a second to read. These read the same bytes to the same values, and fail
// the same way, in plain numbers.
class BoundedCompact extends bounded(TCompactProtocol) {
  // The last varint read, as Apache's two 32-bit halves.
  private varintLo = 0;
  private varintHi = 0;

  /** Apache's: up to 10 bytes as 64 bits, then node-int64's toNumber (±Infinity from 2^53). */
  readVarint32(): number {
    const first = this.input.readByte();
    // readByte is signed: a byte without the continuation bit is the whole varint.
    if (first >= 0) return first;
    this.readVarint(first);
    const value = (this.varintHi | 0) * twoTo32 + (this.varintLo >>> 0);
    return Math.abs(value) < twoTo53 ? value : value < 0 ? -Infinity : Infinity;
  }

  /** An i64: a zigzag varint, as a bigint. */
  readBigInt64(): bigint {
    const first = this.input.readByte();
    if (first >= 0) return BigInt((first >>> 1) ^ -(first & 1));
    this.readVarint(first);
    const lo = this.varintLo;
    const hi = this.varintHi;
    const sign = -(lo & 1);
    const low = ((lo >>> 1) | (hi << 31)) ^ sign;
    const high = (hi >>> 1) ^ sign;
    // Within an i32 (the high half is the low one's sign): no 64-bit arithmetic.
    if (high === low >> 31) return BigInt(low);
    return (BigInt(high) << 32n) | BigInt(low >>> 0);
  }

  override readI64(): Int64 {
    return fromBigInt(this.readBigInt64());
  }

  // Apache's decodes the bits by hand from a copy of the 8 bytes.
  override readDouble(): number {
    return this.input.readDoubleLE();
  }

  /** Apache's readVarint64 loop from its first byte on, into varintLo and varintHi. */
  private readVarint(first: number): void {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    let size = 0;
    for (let b = first; ; b = this.input.readByte()) {
      size++;
      if (shift <= 25) {
        lo |= (b & 0x7f) << shift;
      } else if (shift < 32) {
        lo |= (b & 0x7f) << shift;
        hi |= (b & 0x7f) >>> (32 - shift);
      } else {
        hi |= (b & 0x7f) << (shift - 32);
      }
      shift += 7;
      if (!(b & 0x80)) break;
      if (size >= 10) fail(Problem.INVALID_DATA, "Variable-length int over 10 bytes.");
    }
    this.varintLo = lo;
    this.varintHi = hi;
  }

  override readString(): string {
    return this.input.readString(this.checkLength(this.readVarint32()));
  }

  override readBinary(): Buffer {
    return this.input.read(this.checkLength(this.readVarint32()));
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

/** A bounded protocol reading one message from `input`. */
export type BoundedProtocol = new (input: MemoryTransport, limits: Partial<DecodeLimits>) => TProtocol;

/** The bounded binary and compact protocols: reader.ts makes the readers. */
export const boundedProtocols: { readonly binary: BoundedProtocol; readonly compact: BoundedProtocol } = {
  binary: BoundedBinary,
  compact: BoundedCompact,
};
