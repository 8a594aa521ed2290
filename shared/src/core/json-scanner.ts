// The lexical half of the JSON protocol's reader: a cursor over one message's bytes
// that reads JSON tokens as RFC 8259 defines them, and nothing else but one leniency.
// Strings must be valid UTF-8, with no unknown escape and no lone surrogate; numbers must
// follow JSON's grammar. The leniency: a control character (U+0000 to U+001F) may stand
// raw in a string, unescaped. Apache's Node and Python TJSONProtocols write them so, and
// every Apache reader takes them: refused, a stock client's call holding one would fail
// here and nowhere else. json-reader.ts puts TJSON's structure (and the integer, double
// and binary rules) on top.
import { Thrift } from "thrift";
import { checkUtf8, fail } from "./bounds";

const { TProtocolExceptionType: Problem } = Thrift;

export const QUOTE = 0x22;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

// The one-character escapes of RFC 8259, by the byte after the backslash.
const shortEscapes = new Map<number, string>([
  [0x22, '"'],
  [0x5c, "\\"],
  [0x2f, "/"],
  [0x62, "\b"],
  [0x66, "\f"],
  [0x6e, "\n"],
  [0x72, "\r"],
  [0x74, "\t"],
]);

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= ZERO && c <= NINE;

/** A byte as an error message shows it. */
function describe(c: number): string {
  return c > 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, "0")}`;
}

/** At most 40 characters of a token, for an error message. */
export function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export class JsonScanner {
  protected readonly bytes: Buffer;
  /** The next byte to read. */
  protected pos: number;
  /** What the escape read last stands for. */
  private escaped = "";
  /** Where the number scanned last starts and ends. */
  private numberStart = 0;
  private numberEnd = 0;

  constructor(bytes: Buffer, start: number) {
    this.bytes = bytes;
    this.pos = start;
  }

  /** Skips JSON whitespace and returns the next byte, or -1 at the end. */
  protected peek(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    while (pos < bytes.length) {
      const c = bytes[pos]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      pos++;
    }
    this.pos = pos;
    return pos < bytes.length ? bytes[pos]! : -1;
  }

  /** Skips whitespace, then reads `char` or throws. */
  protected expect(char: number): void {
    if (this.peek() !== char) this.unexpected(`'${String.fromCharCode(char)}'`);
    this.pos++;
  }

  /** Throws, saying what was expected and what is at the cursor instead. */
  protected unexpected(expected: string): never {
    const at = this.pos;
    const found = at < this.bytes.length ? describe(this.bytes[at]!) : "the end of the message";
    fail(Problem.INVALID_DATA, `Expected ${expected} at byte ${at}, found ${found}`);
  }

  /**
   * Reads a JSON string and returns its value. Throws SIZE_LIMIT once the value is
   * longer than `maxBytes` in UTF-8: escapes only ever shrink, so the bytes read bound it.
   */
  protected readStringToken(maxBytes: number): string {
    this.expect(QUOTE);
    const bytes = this.bytes;
    const begin = this.pos;
    let start = begin;
    let i = begin;
    let high = 0;
    let text = "";
    for (;;) {
      const c = bytes[i];
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        text += this.segment(start, i, high);
        high = 0;
        i = this.readEscape(i);
        text += this.escaped;
        start = i;
      } else if (c === undefined) {
        this.pos = i;
        this.unexpected("'\"'");
      } else {
        high |= c;
        i++;
      }
    }
    text = start === begin ? this.segment(start, i, high) : text + this.segment(start, i, high);
    this.pos = i + 1;
    if (i - begin > maxBytes && Buffer.byteLength(text) > maxBytes) {
      fail(Problem.SIZE_LIMIT, `String exceeds the limit of ${maxBytes} bytes`);
    }
    return text;
  }

  /** Reads the escape at `at` (a backslash) into `escaped`; returns where it ends. */
  private readEscape(at: number): number {
    const kind = this.bytes[at + 1];
    const short = kind === undefined ? undefined : shortEscapes.get(kind);
    if (short !== undefined) {
      this.escaped = short;
      return at + 2;
    }
    if (kind !== 0x75 /* u */) {
      this.pos = at + 1;
      this.unexpected('an escape (one of "\\/bfnrtu)');
    }
    const unit = this.hex4(at + 2);
    if (unit >= 0xdc00 && unit <= 0xdfff) this.loneSurrogate(at);
    if (unit < 0xd800 || unit > 0xdbff) {
      this.escaped = String.fromCharCode(unit);
      return at + 6;
    }
    // A high surrogate: only with the low one right after it is it a character.
    const low = this.bytes[at + 6] === BACKSLASH && this.bytes[at + 7] === 0x75 ? this.hex4(at + 8) : -1;
    if (low < 0xdc00 || low > 0xdfff) this.loneSurrogate(at);
    this.escaped = String.fromCharCode(unit, low);
    return at + 12;
  }

  private hex4(at: number): number {
    let unit = 0;
    for (let i = at; i < at + 4; i++) {
      const c = this.bytes[i];
      let digit = -1;
      if (c !== undefined) {
        if (c >= ZERO && c <= NINE) digit = c - ZERO;
        else if (c >= 0x61 && c <= 0x66) digit = c - 0x61 + 10;
        else if (c >= 0x41 && c <= 0x46) digit = c - 0x41 + 10;
      }
      if (digit < 0) {
        this.pos = i;
        this.unexpected("a hexadecimal digit of a \\u escape");
      }
      unit = unit * 16 + digit;
    }
    return unit;
  }

  private loneSurrogate(at: number): never {
    fail(Problem.INVALID_DATA, `Lone UTF-16 surrogate escape at byte ${at}: not a Unicode character`);
  }

  /** The bytes from `start` to `end` as text; `high` says whether any is not ASCII. */
  private segment(start: number, end: number, high: number): string {
    if (start === end) return "";
    if (high >= 0x80) checkUtf8(this.bytes, start, end);
    return this.bytes.toString("utf8", start, end);
  }

  /**
   * Reads a JSON number (RFC 8259's grammar, no whitespace inside; leading zeros
   * only if `zeroPadded`) and returns whether it is integral: no fraction and no
   * exponent. The token is then numberText().
   */
  protected scanNumber(what: string, zeroPadded = false): boolean {
    const bytes = this.bytes;
    let i = this.pos;
    this.numberStart = i;
    if (bytes[i] === MINUS) i++;
    if (bytes[i] === ZERO && !zeroPadded) {
      i++;
    } else if (isDigit(bytes[i])) {
      while (isDigit(bytes[i])) i++;
    } else {
      this.pos = i;
      this.unexpected(what);
    }
    let integral = true;
    if (bytes[i] === DOT) {
      i = this.digits(i + 1, what);
      integral = false;
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45 /* e E */) {
      i++;
      if (bytes[i] === PLUS || bytes[i] === MINUS) i++;
      i = this.digits(i, what);
      integral = false;
    }
    this.pos = i;
    this.numberEnd = i;
    return integral;
  }

  /** The number scanned last, as text. */
  protected numberText(): string {
    return this.bytes.toString("latin1", this.numberStart, this.numberEnd);
  }

  /** How many characters the number scanned last has, its sign included. */
  protected numberLength(): number {
    return this.numberEnd - this.numberStart;
  }

  private digits(at: number, what: string): number {
    let i = at;
    if (!isDigit(this.bytes[i])) {
      this.pos = i;
      this.unexpected(`a digit in ${what}`);
    }
    while (isDigit(this.bytes[i])) i++;
    return i;
  }

  /**
   * Reads an integer (leading zeros only if `zeroPadded`); in quotes if `quoted`,
   * and then with nothing else inside them. The token is then numberText().
   */
  protected scanInteger(quoted: boolean, what: string, zeroPadded = false): void {
    if (quoted) this.expect(QUOTE);
    else this.peek();
    if (!this.scanNumber(what, zeroPadded)) {
      fail(Problem.INVALID_DATA, `Expected ${what}, found ${excerpt(this.numberText())}`);
    }
    if (quoted) this.closeQuote();
  }

  /**
   * The integer scanned last, from its digits without making a string: exact up
   * to 15 digits, and beyond that far outside any 32-bit range anyway.
   */
  protected integerValue(): number {
    const bytes = this.bytes;
    const end = this.numberEnd;
    let i = this.numberStart;
    const negative = bytes[i] === MINUS;
    if (negative) i++;
    let value = 0;
    for (; i < end; i++) value = value * 10 + bytes[i]! - ZERO;
    // -0 is 0.
    return negative ? 0 - value : value;
  }

  /** Reads the quote that must follow a number in quotes at once. */
  protected closeQuote(): void {
    if (this.bytes[this.pos] !== QUOTE) this.unexpected("'\"' right after the number");
    this.pos++;
  }

  /** Whether the bytes at the cursor are `literal`; if so, reads past them. */
  protected skipLiteral(literal: Buffer): boolean {
    const end = this.pos + literal.length;
    if (end > this.bytes.length || !literal.equals(this.bytes.subarray(this.pos, end))) return false;
    this.pos = end;
    return true;
  }

  /** Throws unless only whitespace is left. */
  protected expectEnd(): void {
    if (this.peek() !== -1) {
      fail(Problem.INVALID_DATA, `Unexpected bytes after the message at byte ${this.pos}`);
    }
  }
}
