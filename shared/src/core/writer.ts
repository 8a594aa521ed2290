// A protocol writing one message into a fresh buffer. Every message gets its own,
// so a write that fails half-way leaves nothing behind to be sent by mistake.
import { TBinaryProtocol, TCompactProtocol, type TProtocol } from "thrift";
import { JsonWriter } from "./json-writer";
import type { ProtocolName } from "./protocols";
import { MemoryTransport } from "./transport";
import { uuidToBytes } from "./uuid";

/**
 * Apache's binary writer, without its small Buffer per value (`new Buffer([b])`):
 * binary is the default protocol, and these allocations were most of a reply's cost.
 */
class BinaryWriter extends TBinaryProtocol {
  private readonly output: MemoryTransport;

  constructor(output: MemoryTransport) {
    super(output);
    this.output = output;
  }

  override writeByte(value: number): void {
    this.output.writeByte(value);
  }

  override writeI16(value: number): void {
    this.output.writeI16(value);
  }

  override writeI32(value: number): void {
    this.output.writeI32(value);
  }

  override writeDouble(value: number): void {
    this.output.writeDouble(value);
  }

  override writeString(value: string): void {
    // Apache's version writes Buffers too, and fails for other values.
    if (typeof value !== "string") return super.writeString(value);
    this.output.writeI32(Buffer.byteLength(value));
    this.output.write(value);
  }

  override writeUuid(value: string): void {
    this.output.write(uuidToBytes(value));
  }
}

// Apache's compact uuid writer accepts RFC 4122 uuids only; a Thrift uuid is any 128
// bits, in canonical form.
class CompactWriter extends TCompactProtocol {
  override writeUuid(value: string): void {
    this.getTransport().write(uuidToBytes(value));
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
