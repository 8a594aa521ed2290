// Apache's protocol objects, bounded for untrusted input. Apache trusts the lengths
// and sizes it reads: a 25-byte "list of 2^31 STOP" keeps its skip() busy for
// seconds, and a claimed 2 GiB string is allocated before the read fails. These
// subclasses check every length, size and nesting level before acting on it. JSON
// has a reader of its own (json-reader.ts): Apache's TJSONProtocol is too lenient.
import {
  Thrift,
  TBinaryProtocol,
  TCompactProtocol,
  type TList,
  type TMap,
  type TMessage,
  type TProtocol,
  type TProtocolConstructor,
  type TSet,
} from "thrift";
import { checkContainerSize, checkDepth, fail, skipValue } from "./bounds";
import { defaultDecodeLimits, type DecodeLimits } from "./limits";
import { MemoryTransport } from "./transport";
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

    constructor(input: MemoryTransport, limits: Partial<DecodeLimits>) {
      super(input);
      this.input = input;
      this.maxDepth = limits.maxDepth ?? defaultDecodeLimits.maxDepth;
      this.maxStringBytes = limits.maxStringBytes ?? defaultDecodeLimits.maxStringBytes;
      this.maxContainerSize = limits.maxContainerSize ?? defaultDecodeLimits.maxContainerSize;
      this.budget = input.remaining();
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

/** A bounded protocol reading one message from `input`. */
export type BoundedProtocol = new (input: MemoryTransport, limits: Partial<DecodeLimits>) => TProtocol;

/** The bounded binary and compact protocols: reader.ts makes the readers. */
export const boundedProtocols: { readonly binary: BoundedProtocol; readonly compact: BoundedProtocol } = {
  binary: BoundedBinary,
  compact: BoundedCompact,
};
