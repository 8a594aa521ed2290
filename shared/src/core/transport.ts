// The transport under every protocol object: one whole HTTP body to read from, and
// one growing buffer to write into. There is no framing or streaming over HTTP, so
// nothing else is needed.
import { InputBufferUnderrunError, type TTransport } from "thrift";
import { checkUtf8 } from "./bounds";

const empty = Buffer.alloc(0);

export class MemoryTransport implements TTransport {
  private readonly input: Buffer;
  private position = 0;
  private output = empty;
  private written = 0;

  constructor(input: Buffer = empty) {
    this.input = input;
  }

  /** Bytes left to read. */
  remaining(): number {
    return this.input.length - this.position;
  }

  /** Everything written so far. */
  toBuffer(): Buffer {
    return this.output.subarray(0, this.written);
  }

  read(len: number): Buffer {
    const start = this.take(len);
    // A copy: a binary value kept by a handler must not pin the whole request body.
    return Buffer.from(this.input.subarray(start, start + len));
  }

  readByte(): number {
    return this.input.readInt8(this.take(1));
  }

  readI16(): number {
    return this.input.readInt16BE(this.take(2));
  }

  readI32(): number {
    return this.input.readInt32BE(this.take(4));
  }

  readDouble(): number {
    return this.input.readDoubleBE(this.take(8));
  }

  /** A little-endian double, as the compact protocol sends it. */
  readDoubleLE(): number {
    return this.input.readDoubleLE(this.take(8));
  }

  /** A big-endian i64, as the binary protocol sends it. */
  readBigInt64(): bigint {
    return this.input.readBigInt64BE(this.take(8));
  }

  /** UTF-8 text, checked as the JSON reader checks it: only text holding a U+FFFD can be invalid. */
  readString(len: number): string {
    const start = this.take(len);
    const text = this.input.toString("utf8", start, start + len);
    if (text.includes("\uFFFD")) checkUtf8(this.input, start, start + len);
    return text;
  }

  borrow(): { buf: Buffer; readIndex: number; writeIndex: number } {
    return { buf: this.input, readIndex: this.position, writeIndex: this.input.length };
  }

  consume(bytesConsumed: number): void {
    this.take(bytesConsumed);
  }

  write(buf: Buffer | string): void {
    // reserve() may replace the output buffer: call it before reading this.output.
    if (typeof buf === "string") {
      const length = Buffer.byteLength(buf);
      const at = this.reserve(length);
      this.output.write(buf, at, length, "utf8");
    } else {
      const at = this.reserve(buf.length);
      buf.copy(this.output, at);
    }
  }

  // The fixed-size writes wrap out-of-range values, as Apache's writers do.

  writeByte(value: number): void {
    const at = this.reserve(1);
    this.output[at] = value;
  }

  writeI16(value: number): void {
    const at = this.reserve(2);
    this.output[at] = value >> 8;
    this.output[at + 1] = value;
  }

  writeI32(value: number): void {
    const at = this.reserve(4);
    this.output[at] = value >> 24;
    this.output[at + 1] = value >> 16;
    this.output[at + 2] = value >> 8;
    this.output[at + 3] = value;
  }

  writeDouble(value: number): void {
    const at = this.reserve(8);
    this.output.writeDoubleBE(value, at);
  }

  /** A little-endian double, as the compact protocol sends it. */
  writeDoubleLE(value: number): void {
    const at = this.reserve(8);
    this.output.writeDoubleLE(value, at);
  }

  /** A big-endian i64; `value` must fit (codec.ts's writeI64 checks). */
  writeBigInt64(value: bigint): void {
    const at = this.reserve(8);
    this.output.writeBigInt64BE(value, at);
  }

  // The protocols call these for framed and callback transports; here the caller
  // takes the bytes with toBuffer() and seqids are matched by HTTP.
  flush(): void {}
  setCurrSeqId(): void {}

  /** Makes room for `len` more bytes written and returns where they start. */
  private reserve(len: number): number {
    const start = this.written;
    const end = start + len;
    if (end > this.output.length) {
      const grown = Buffer.allocUnsafe(Math.max(256, 2 * this.output.length, end));
      this.output.copy(grown, 0, 0, start);
      this.output = grown;
    }
    this.written = end;
    return start;
  }

  /** Advances past `len` bytes and returns where they start. */
  private take(len: number): number {
    const start = this.position;
    if (!(len >= 0 && len <= this.input.length - start)) throw new InputBufferUnderrunError();
    this.position = start + len;
    return start;
  }
}
