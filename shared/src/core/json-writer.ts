// TJSONProtocol's writer. It writes what Apache's Node TJSONProtocol writes, byte for
// byte, wherever that is valid JSON and reads back as the value written, and differs
// only where it is not:
// - strings escape every control character (U+0000 to U+001F) as RFC 8259 requires,
//   not only \b \f \n \r \t; a lone surrogate, which no UTF-8 can hold, becomes
//   U+FFFD, as Node's UTF-8 encoder makes it in the binary and compact protocols;
// - the method name is escaped like any string;
// - doubles: NaN and the infinities as "NaN", "Infinity", "-Infinity" (Apache's C++
//   and Java writers do so; Node's writes bare NaN), -0 as -0 (Node's writes 0);
// - a negative i64 above -10^11 without leading zeros (Node's writes -000000000001);
// - i8, i16 and i32 values out of range wrap as the binary writer wraps them;
// - a map whose keys are structs or containers, which JSON object keys cannot be,
//   and a UUID not in canonical form, are refused before any byte is sent.
// It also writes in one pass, where Apache's rebuilds each list element by element.
import { Thrift, toBigInt, type Int64 } from "thrift";
import { fail } from "./bounds";
import { ELEMENT, FIRST_KEY, isKey, nextContexts, separators, TOP, VALUE, type Context } from "./json-context";
import { typeNames } from "./json-values";
import { checkUuid } from "./uuid";
import { refuseReads, type ReadHalf, type WriteHalf } from "./protocol-halves";
import type { MemoryTransport } from "./transport";

const { Type, TProtocolExceptionType: Problem } = Thrift;

// What a string character becomes: the control characters, quote and backslash.
const mustEscape = /["\\\u0000-\u001f]/;
const everyEscape = /["\\\u0000-\u001f]/g;
const escapes = new Map<string, string>([
  ['"', '\\"'],
  ["\\", "\\\\"],
  ["\b", "\\b"],
  ["\f", "\\f"],
  ["\n", "\\n"],
  ["\r", "\\r"],
  ["\t", "\\t"],
]);
for (let c = 0; c < 0x20; c++) {
  const char = String.fromCharCode(c);
  if (!escapes.has(char)) escapes.set(char, `\\u${c.toString(16).padStart(4, "0")}`);
}
const escapeChar = (char: string): string => escapes.get(char)!;

/** `text` as a JSON string. Lone surrogates are left to the UTF-8 encoder (U+FFFD). */
function quote(text: string): string {
  return mustEscape.test(text) ? `"${text.replace(everyEscape, escapeChar)}"` : `"${text}"`;
}

function typeName(type: Thrift.Type): string {
  const name = typeNames.get(type);
  if (name === undefined) fail(Problem.INVALID_DATA, `TJSON has no type ${String(type)}`);
  return name;
}

/** The keys a TJSON map cannot have, as a message names them. */
const containerKeys: ReadonlyMap<Thrift.Type, string> = new Map([
  [Type.STRUCT, "structs"],
  [Type.MAP, "maps"],
  [Type.SET, "sets"],
  [Type.LIST, "lists"],
]);
const scalarKeys: ReadonlySet<Thrift.Type> = new Set([
  Type.BOOL,
  Type.BYTE,
  Type.I16,
  Type.I32,
  Type.I64,
  Type.DOUBLE,
  Type.STRING,
  Type.UUID,
]);

// The read half: installed on the prototype at the end of this file, by refuseReads.
export interface JsonWriter extends ReadHalf {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface's methods are installed on the prototype (above).
export class JsonWriter implements WriteHalf {
  private readonly transport: MemoryTransport;
  /** The message so far: written to the transport at its end, in one piece. */
  private out = "";
  private context: Context = TOP;
  private readonly outer: Context[] = [];

  constructor(output: MemoryTransport) {
    this.transport = output;
  }

  getTransport(): MemoryTransport {
    return this.transport;
  }

  flush(): void {
    if (this.out.length === 0) return;
    this.transport.write(this.out);
    this.out = "";
  }

  writeMessageBegin(name: string, type: Thrift.MessageType, seqid: number): void {
    this.out += `[1,${quote(name)},${type | 0},${seqid | 0}`;
    this.enter(ELEMENT);
  }

  writeMessageEnd(): void {
    this.close("]");
    this.flush();
  }

  writeStructBegin(): void {
    this.open("{", FIRST_KEY);
  }

  writeStructEnd(): void {
    this.close("}");
  }

  writeFieldBegin(_name: string, type: Thrift.Type, id: number): void {
    this.separate();
    this.out += `"${id | 0}"`;
    this.open(`{"${typeName(type)}"`, VALUE);
  }

  writeFieldEnd(): void {
    this.close("}");
  }

  writeFieldStop(): void {}

  writeMapBegin(ktype: Thrift.Type, vtype: Thrift.Type, size: number): void {
    if (!scalarKeys.has(ktype)) {
      const keys = containerKeys.get(ktype) ?? typeName(ktype);
      fail(
        Problem.INVALID_DATA,
        `TJSON cannot write a map whose keys are ${keys}: JSON keys are strings (binary and compact can)`,
      );
    }
    this.open(`["${typeName(ktype)}","${typeName(vtype)}",${size},{`, FIRST_KEY);
  }

  writeMapEnd(): void {
    this.close("}]");
  }

  writeListBegin(etype: Thrift.Type, size: number): void {
    this.open(`["${typeName(etype)}",${size}`, ELEMENT);
  }

  writeListEnd(): void {
    this.close("]");
  }

  writeSetBegin(etype: Thrift.Type, size: number): void {
    this.writeListBegin(etype, size);
  }

  writeSetEnd(): void {
    this.writeListEnd();
  }

  writeBool(value: boolean): void {
    this.number(value ? "1" : "0");
  }

  writeByte(value: number): void {
    this.number(String((value << 24) >> 24));
  }

  writeI16(value: number): void {
    this.number(String((value << 16) >> 16));
  }

  writeI32(value: number): void {
    this.number(String(value | 0));
  }

  writeI64(value: number | Int64): void {
    if (typeof value === "number" && !Number.isSafeInteger(value)) {
      fail(Problem.INVALID_DATA, `Not an i64: ${value}`);
    }
    this.number(typeof value === "number" ? String(value) : toBigInt(value).toString());
  }

  /** The i64 as codec.ts's `writeI64` gives it, without a node-int64 in between. */
  writeBigInt64(value: bigint): void {
    this.number(value.toString());
  }

  writeDouble(value: number): void {
    const double = +value;
    if (Number.isFinite(double)) {
      this.number(Object.is(double, -0) ? "-0" : String(double));
    } else {
      // Always a string: JSON has no NaN or infinities.
      this.separate();
      this.out += `"${String(double)}"`;
    }
  }

  writeString(value: string): void {
    let text: string = value;
    if (typeof value !== "string") {
      if (!Buffer.isBuffer(value))
        throw new Error(`writeString called without a string/Buffer argument: ${String(value)}`);
      text = (value as Buffer).toString("utf8");
    }
    this.separate();
    this.out += quote(text);
  }

  writeBinary(value: Buffer | string): void {
    let bytes: Buffer;
    if (typeof value === "string") bytes = Buffer.from(value, "binary");
    else if (value instanceof Uint8Array) bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    else throw new Error(`writeBinary called without a string/Buffer argument: ${String(value)}`);
    this.separate();
    this.out += `"${bytes.toString("base64")}"`;
  }

  writeUuid(value: string): void {
    const uuid = checkUuid(value);
    this.separate();
    this.out += `"${uuid}"`;
  }

  /** Writes a number; in quotes if it is an object key. */
  private number(text: string): void {
    if (this.separate()) this.out += `"${text}"`;
    else this.out += text;
  }

  /**
   * Writes what separates the next value from the previous one. Returns true when
   * the value is an object key: numbers are then written in quotes.
   */
  private separate(): boolean {
    const context = this.context;
    this.out += separators[context]!;
    this.context = nextContexts[context]!;
    return isKey[context]!;
  }

  /** Writes `opening` as the next value and enters it, the next value in `inside`. */
  private open(opening: string, inside: Context): void {
    this.separate();
    this.out += opening;
    this.enter(inside);
  }

  private enter(inside: Context): void {
    this.outer.push(this.context);
    this.context = inside;
  }

  private close(closing: string): void {
    this.out += closing;
    this.context = this.outer.pop() ?? TOP;
  }
}

refuseReads(JsonWriter.prototype, "JsonWriter");
