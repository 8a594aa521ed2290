// A protocol writing one message into a fresh buffer. Every message gets its own,
// so a write that fails half-way leaves nothing behind to be sent by mistake.
import { TBinaryProtocol, TCompactProtocol, type TProtocol, type TProtocolConstructor } from "thrift";
import { JsonWriter } from "./json-writer";
import type { ProtocolName } from "./protocols";
import { MemoryTransport } from "./transport";
import { uuidToBytes } from "./uuid";

/**
 * Apache's writer `Base`, writing bytes, strings and uuids straight into the message's
 * buffer: Apache's makes a Buffer for each (`new Buffer([b])`), most of a reply's cost.
 */
function direct(Base: TProtocolConstructor) {
  return class Direct extends Base {
    // The transport Base keeps, not a field of its own: a constructor here, calling a Base
    // V8 cannot see through, cost 60 ns per message; a default one is skipped.
    protected get output(): MemoryTransport {
      return this.getTransport() as MemoryTransport;
    }

    override writeByte(value: number): void {
      this.output.writeByte(value);
    }

    override writeString(value: string): void {
      // Apache's version writes Buffers too, and fails for other values.
      if (typeof value !== "string") return super.writeString(value);
      this.writeLength(Buffer.byteLength(value));
      this.output.write(value);
    }

    // Apache's compact uuid writer accepts RFC 4122 uuids only; a Thrift uuid is any 128
    // bits, in canonical form.
    override writeUuid(value: string): void {
      this.output.write(uuidToBytes(value));
    }

    /** A string's length, as binary writes it; compact overrides it. */
    protected writeLength(length: number): void {
      this.output.writeI32(length);
    }
  };
}

/** Apache's binary writer, each value written in place. */
class BinaryWriter extends direct(TBinaryProtocol) {
  override writeI16(value: number): void {
    this.output.writeI16(value);
  }

  override writeI32(value: number): void {
    this.output.writeI32(value);
  }

  override writeDouble(value: number): void {
    this.output.writeDouble(value);
  }

  writeBigInt64(value: bigint): void {
    this.output.writeBigInt64(value);
  }
}

/**
 * Apache's compact writer, without its Buffers per varint (every size, i16, i32 and field
 * id) and its node-int64s per i64: 100,000 i32s took 85 ms to write. The bytes are
 * Apache's (compact-writer.property.test.ts compares them), but for doubles.
 */
class CompactWriter extends direct(TCompactProtocol) {
  // Apache's builds the IEEE bits by hand, with Math.log: -0 comes out as 0, and some
  // powers of two as half their value (2^-29 as 2^-30, among 219 exponents).
  override writeDouble(value: number): void {
    this.output.writeDoubleLE(value);
  }

  protected override writeLength(length: number): void {
    this.writeVarint32(length);
  }

  /** `n`'s 32 bits, unsigned, 7 at a time (Apache's writeVarint32). */
  writeVarint32(n: number): void {
    let rest = n >>> 0;
    while (rest > 0x7f) {
      this.output.writeByte((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    this.output.writeByte(rest);
  }

  /** A zigzag varint of `value`, which is within the i64 range. */
  writeBigInt64(value: bigint): void {
    if (value >= -0x80000000n && value <= 0x7fffffffn) {
      const n = Number(value);
      // Zigzag of an i32, as an unsigned 32-bit value.
      return this.writeVarint32((n << 1) ^ (n >> 31));
    }
    const zigzag = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
    let hi = Number(zigzag >> 32n);
    let lo = Number(zigzag & 0xffffffffn);
    while (hi !== 0 || lo > 0x7f) {
      this.output.writeByte((lo & 0x7f) | 0x80);
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.output.writeByte(lo);
  }
}

// Apache's JSON writer escapes too little to always write JSON (json-writer.ts).
const protocols = { binary: BinaryWriter, compact: CompactWriter, json: JsonWriter };

export class ProtocolWriter {
  readonly protocol: TProtocol;
  private readonly transport = new MemoryTransport();

  constructor(protocol: ProtocolName) {
    this.protocol = new protocols[protocol](this.transport);
  }

  /** The bytes written so far. */
  toBuffer(): Buffer {
    return this.transport.toBuffer();
  }
}

export function createWriter(protocol: ProtocolName): ProtocolWriter {
  return new ProtocolWriter(protocol);
}
