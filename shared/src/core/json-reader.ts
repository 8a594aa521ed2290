// TJSONProtocol's reader, strict and bounded for untrusted input. Apache's Node
// version parses the whole message with a lenient parser and then coerces what it
// finds (`"abc"` as an i64 is 0, `1.9` as an i32 is 1); this one reads the bytes
// once, front to back, as Apache's C++ and Java readers do, and refuses anything
// but the values TJSON writes: integers in range, in quotes only where a map key or
// field id must be a string; doubles as numbers or "NaN", "Infinity", "-Infinity" (and
// Python's "nan", "inf", "-inf");
// canonical base64; UUIDs in canonical form, as the other protocols write any 128 bits. JSON whitespace between
// tokens is allowed; anything after the message is not.
import { Thrift, fromBigInt, type Int64, type TList, type TMap, type TMessage, type TSet, type TField } from "thrift";
import { checkContainerSize, checkDepth, fail, skipValue } from "./bounds";
import { FIRST_ELEMENT, FIRST_KEY, isKey, nextContexts, separatorBytes, TOP, type Context } from "./json-context";
import { CLOSE_BRACE, CLOSE_BRACKET, excerpt, JsonScanner, OPEN_BRACE, OPEN_BRACKET, QUOTE } from "./json-scanner";
import { decodeBase64, typesByName } from "./json-values";
import { isUuid } from "./uuid";
import { defaultDecodeLimits, type DecodeLimits } from "./limits";
import { refuseWrites, type ReadHalf, type WriteHalf } from "./protocol-halves";
import type { MemoryTransport } from "./transport";

const { Type, TProtocolExceptionType: Problem } = Thrift;

const ranges = {
  bool: [0, 1],
  i8: [-0x80, 0x7f],
  i16: [-0x8000, 0x7fff],
  i32: [-0x80000000, 0x7fffffff],
} as const;
const i32 = ranges.i32;

// The special doubles, each followed by its closing quote: as Apache's C++, Java and Node
// write them, and as its Python library does (`str(float)`), which reads both.
const specialDoubles: readonly [Buffer, number][] = [
  [Buffer.from('NaN"'), NaN],
  [Buffer.from('Infinity"'), Infinity],
  [Buffer.from('-Infinity"'), -Infinity],
  [Buffer.from('nan"'), NaN],
  [Buffer.from('inf"'), Infinity],
  [Buffer.from('-inf"'), -Infinity],
];

const noName = Object.freeze({ fname: "" });

// At most 19 digits after the sign and any leading zeros: a candidate i64.
const significantDigits = /^-?0*[0-9]{1,19}$/;

// Every value takes at least this many bytes after a container's header: `,0` in
// a list, `"":0` in a map.
const minElementBytes = 2;
const minEntryBytes = 4;

// The write half: installed on the prototype at the end of this file, by refuseWrites.
export interface JsonReader extends WriteHalf {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface's methods are installed on the prototype (above).
export class JsonReader extends JsonScanner implements ReadHalf {
  private readonly transport: MemoryTransport;
  private readonly start: number;
  private readonly maxDepth: number;
  private readonly maxStringBytes: number;
  private readonly maxContainerSize: number;
  private depth = 0;
  /** Elements all containers of the message may still claim (see bounded.ts). */
  private budget: number;
  private context: Context = TOP;
  private readonly outer: Context[] = [];

  constructor(input: MemoryTransport, limits: Partial<DecodeLimits>) {
    const { buf, readIndex } = input.borrow();
    super(buf, readIndex);
    this.transport = input;
    this.start = readIndex;
    this.maxDepth = limits.maxDepth ?? defaultDecodeLimits.maxDepth;
    this.maxStringBytes = limits.maxStringBytes ?? defaultDecodeLimits.maxStringBytes;
    this.maxContainerSize = limits.maxContainerSize ?? defaultDecodeLimits.maxContainerSize;
    this.budget = buf.length - readIndex;
  }

  getTransport(): MemoryTransport {
    return this.transport;
  }

  readMessageBegin(): TMessage {
    this.open(OPEN_BRACKET, FIRST_ELEMENT);
    const version = this.readInteger(i32[0], i32[1], "the TJSON version");
    if (version !== 1) fail(Problem.BAD_VERSION, `Unsupported TJSON version ${version}`);
    const fname = this.readString();
    const mtype = this.readInteger(i32[0], i32[1], "a message type");
    const rseqid = this.readInteger(i32[0], i32[1], "a sequence id");
    return { fname, mtype, rseqid };
  }

  readMessageEnd(): void {
    this.close(CLOSE_BRACKET);
    this.expectEnd();
    this.transport.consume(this.pos - this.start);
  }

  readStructBegin(): { fname: string } {
    this.enter();
    this.open(OPEN_BRACE, FIRST_KEY);
    return noName;
  }

  readStructEnd(): void {
    this.close(CLOSE_BRACE);
    this.depth--;
  }

  readFieldBegin(): TField {
    if (this.peek() === CLOSE_BRACE) return { fname: "", ftype: Type.STOP, fid: 0 };
    const fid = this.readInteger(ranges.i16[0], ranges.i16[1], "a field id (i16)");
    this.open(OPEN_BRACE, FIRST_KEY);
    return { fname: "", ftype: this.readType(), fid };
  }

  readFieldEnd(): void {
    this.close(CLOSE_BRACE);
  }

  readMapBegin(): TMap {
    this.enter();
    this.open(OPEN_BRACKET, FIRST_ELEMENT);
    const ktype = this.readType();
    const vtype = this.readType();
    const size = this.readSize(minEntryBytes);
    this.open(OPEN_BRACE, FIRST_KEY);
    return { ktype, vtype, size };
  }

  readMapEnd(): void {
    this.close(CLOSE_BRACE);
    this.close(CLOSE_BRACKET);
    this.depth--;
  }

  readListBegin(): TList {
    this.enter();
    this.open(OPEN_BRACKET, FIRST_ELEMENT);
    const etype = this.readType();
    return { etype, size: this.readSize(minElementBytes) };
  }

  readListEnd(): void {
    this.close(CLOSE_BRACKET);
    this.depth--;
  }

  // A set is written as a list: `["i32",2,1,2]`.
  readSetBegin(): TSet {
    return this.readListBegin();
  }

  readSetEnd(): void {
    this.readListEnd();
  }

  readBool(): boolean {
    return this.readInteger(ranges.bool[0], ranges.bool[1], "a bool (0 or 1)") === 1;
  }

  readByte(): number {
    return this.readInteger(ranges.i8[0], ranges.i8[1], "an i8");
  }

  readI16(): number {
    return this.readInteger(ranges.i16[0], ranges.i16[1], "an i16");
  }

  readI32(): number {
    return this.readInteger(i32[0], i32[1], "an i32");
  }

  /**
   * Read from its digits, never through a double: 2^53 + 1 stays itself. Leading
   * zeros are allowed here only: Apache's Node writer pads negative i64 values above
   * -10^11 to 12 digits (-1 is -000000000001), and all of Apache's readers accept it.
   */
  readI64(): Int64 {
    return fromBigInt(this.readBigInt64());
  }

  /** The i64 as codec.ts's `readI64` takes it, without a node-int64 in between. */
  readBigInt64(): bigint {
    this.scanInteger(this.separate(), "an i64", true);
    // Up to 15 characters the digits are exact as a number: no string to make and parse.
    if (this.numberLength() <= 15) return BigInt(this.integerValue());
    const text = this.numberText();
    const value = significantDigits.test(text) ? BigInt(text) : undefined;
    if (value === undefined || BigInt.asIntN(64, value) !== value) {
      fail(Problem.INVALID_DATA, `i64 out of range: ${excerpt(text)}`);
    }
    return value;
  }

  readDouble(): number {
    const quoted = this.separate();
    if (this.peek() === QUOTE) {
      this.pos++;
      for (const [literal, value] of specialDoubles) if (this.skipLiteral(literal)) return value;
      // Only a map key holds a finite double in quotes.
      if (!quoted) this.unexpected('a double (a number, "NaN", "Infinity" or "-Infinity")');
    } else if (quoted) {
      this.unexpected("'\"' (a map key is a string)");
    }
    // An integer of up to 15 characters is exact from its digits, as in readBigInt64
    // (but for -0, which integerValue makes 0).
    const integral = this.scanNumber("a double");
    const digits = integral && this.numberLength() <= 15 ? this.integerValue() : 0;
    const value = digits !== 0 ? digits : Number(this.numberText());
    if (!Number.isFinite(value)) fail(Problem.INVALID_DATA, `double out of range: ${excerpt(this.numberText())}`);
    if (quoted) this.closeQuote();
    return value;
  }

  readString(): string {
    this.separate();
    return this.readStringToken(this.maxStringBytes);
  }

  readBinary(): Buffer {
    this.separate();
    this.peek();
    const at = this.pos;
    // Base64 takes 4 characters for 3 bytes; the decoded length is checked below.
    const bytes = decodeBase64(this.readStringToken(Infinity));
    if (bytes === undefined) fail(Problem.INVALID_DATA, `Invalid base64 in the binary value at byte ${at}`);
    if (bytes.length > this.maxStringBytes) {
      fail(Problem.SIZE_LIMIT, `Binary value exceeds the limit of ${this.maxStringBytes} bytes`);
    }
    return bytes;
  }

  // Errors name the byte, not the text: a caller's strings stay out of logs.
  readUuid(): string {
    this.separate();
    this.peek();
    const at = this.pos;
    const text = this.readStringToken(this.maxStringBytes);
    if (!isUuid(text)) fail(Problem.INVALID_DATA, `Invalid UUID at byte ${at}`);
    // The form the binary and compact protocols read.
    return text.toLowerCase();
  }

  skip(type: Thrift.Type): void {
    skipValue(this, type, true);
  }

  /**
   * Reads what separates the next value from the previous one. Returns true when
   * the value is an object key: numbers are then written in quotes.
   */
  private separate(): boolean {
    const context = this.context;
    const separator = separatorBytes[context]!;
    if (separator !== -1) this.expect(separator);
    this.context = nextContexts[context]!;
    return isKey[context]!;
  }

  /** Reads `bracket` as the next value and enters it. */
  private open(bracket: number, inside: Context): void {
    this.separate();
    this.expect(bracket);
    this.outer.push(this.context);
    this.context = inside;
  }

  private close(bracket: number): void {
    this.expect(bracket);
    this.context = this.outer.pop() ?? TOP;
  }

  private enter(): void {
    checkDepth(++this.depth, this.maxDepth);
  }

  /** An integer from `min` to `max`, exact: the ones read here fit in 32 bits. */
  private readInteger(min: number, max: number, what: string): number {
    this.scanInteger(this.separate(), what);
    const value = this.integerValue();
    if (!(value >= min && value <= max))
      fail(Problem.INVALID_DATA, `${what} out of range: ${excerpt(this.numberText())}`);
    return value;
  }

  private readType(): Thrift.Type {
    this.separate();
    this.peek();
    const at = this.pos;
    const type = typesByName.get(this.readStringToken(Infinity));
    if (type === undefined) fail(Problem.INVALID_DATA, `Unknown TJSON type at byte ${at}`);
    return type;
  }

  private readSize(minBytes: number): number {
    const size = this.readInteger(i32[0], i32[1], "a container size");
    checkContainerSize(size, this.maxContainerSize, this.budget, this.bytes.length - this.pos, minBytes);
    this.budget -= size;
    return size;
  }
}

refuseWrites(JsonReader.prototype, "JsonReader");
