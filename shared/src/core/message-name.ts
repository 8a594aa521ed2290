// The method name in a message's header, read and replaced without decoding the rest:
// what a multiplexed service needs to route `Service:method` to a service and pass the
// call on as `method`, the way Apache's TMultiplexedProcessor does. The header layouts:
//
//   binary   80 01 00 <type> <i32 length> <name> <i32 seqid>   (strict, what clients send)
//            <i32 length> <name> <type> <i32 seqid>           (old non-strict writers)
//   compact  82 <version|type> <varint seqid> <varint length> <name>
//   JSON     [1,"<name>",<type>,<seqid>,<arguments>]
//
// Only the header is looked at: whatever follows is passed on untouched, and checked by
// the service that decodes the call. A header it would refuse (a name that is not UTF-8,
// a JSON seqid out of i32 or with leading zeros) is refused here too, so that a
// multiplexed call gets the answer a plain one gets.
import { isUtf8 } from "node:buffer";
import type { ProtocolName } from "./protocols";

/** What separates the service's name from the method's (Apache's `TMultiplexedProtocol.SEPARATOR`). */
export const multiplexSeparator = ":";

/** A message whose header could be read. */
export interface NamedMessage {
  /** The method name, as sent (`Service:method` when multiplexed). */
  readonly name: string;
  readonly seqid: number;
  /** The same message under another name; the rest of its bytes are shared, not copied twice. */
  rename(name: string): Buffer;
}

/** The name and seqid of `body`'s header, or undefined if the header cannot be read. */
export function readMessageName(body: Buffer, protocol: ProtocolName): NamedMessage | undefined {
  switch (protocol) {
    case "binary":
      return binaryName(body);
    case "compact":
      return compactName(body);
    case "json":
      return jsonName(body);
  }
}

function binaryName(body: Buffer): NamedMessage | undefined {
  if (body.length < 4) return undefined;
  const first = body.readInt32BE(0);
  // Strict: version word, then the name; non-strict: the name's length comes first.
  const at = first < 0 ? 4 : 0;
  if (body.length < at + 4) return undefined;
  const length = body.readInt32BE(at);
  const start = at + 4;
  const end = start + length;
  // A non-strict header has its type byte between the name and the seqid.
  const seqidAt = first < 0 ? end : end + 1;
  if (length < 0 || seqidAt + 4 > body.length || !isUtf8(body.subarray(start, end))) return undefined;
  return {
    name: body.toString("utf8", start, end),
    seqid: body.readInt32BE(seqidAt),
    rename(name) {
      const bytes = Buffer.from(name, "utf8");
      const prefix = Buffer.alloc(at + 4);
      body.copy(prefix, 0, 0, at);
      prefix.writeInt32BE(bytes.length, at);
      return Buffer.concat([prefix, bytes, body.subarray(end)]);
    },
  };
}

function compactName(body: Buffer): NamedMessage | undefined {
  if (body.length < 2 || body[0] !== 0x82) return undefined;
  const seqid = readVarint(body, 2);
  if (seqid === undefined) return undefined;
  const length = readVarint(body, seqid.end);
  if (length === undefined) return undefined;
  const start = length.end;
  const end = start + length.value;
  if (length.value < 0 || end > body.length || !isUtf8(body.subarray(start, end))) return undefined;
  return {
    name: body.toString("utf8", start, end),
    // The wire carries the seqid as an unsigned 32-bit varint.
    seqid: seqid.value | 0,
    rename(name) {
      const bytes = Buffer.from(name, "utf8");
      return Buffer.concat([body.subarray(0, seqid.end), varint(bytes.length), bytes, body.subarray(end)]);
    },
  };
}

/** A varint of at most 5 bytes (32 bits) at `at`; undefined if it runs past the body or on. */
function readVarint(body: Buffer, at: number): { value: number; end: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = body[at + i];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return value > 0xffffffff ? undefined : { value, end: at + i + 1 };
  }
  return undefined;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return Buffer.from(bytes);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function jsonName(body: Buffer): NamedMessage | undefined {
  // [ version , "name" , type , seqid
  let at = skipSpace(body, 0);
  if (body[at] !== 0x5b /* [ */) return undefined;
  at = skipNumber(body, skipSpace(body, at + 1));
  at = skipSpace(body, at);
  if (at === -1 || body[at] !== 0x2c /* , */) return undefined;
  const open = skipSpace(body, at + 1);
  if (body[open] !== QUOTE) return undefined;
  let close = open + 1;
  while (close < body.length && body[close] !== QUOTE) close += body[close] === BACKSLASH ? 2 : 1;
  if (close >= body.length) return undefined;
  let name: unknown;
  try {
    name = JSON.parse(body.toString("utf8", open, close + 1));
  } catch {
    return undefined;
  }
  const seqid = jsonSeqid(body, close + 1);
  if (typeof name !== "string" || seqid === undefined || !wellFormed(name)) return undefined;
  return {
    name,
    seqid,
    rename(renamed) {
      const quoted = Buffer.from(JSON.stringify(renamed), "utf8");
      return Buffer.concat([body.subarray(0, open), quoted, body.subarray(close + 1)]);
    },
  };
}

/** Whether `text` has no lone surrogate (`"\ud800"` is JSON, but no Unicode text), which UTF-8 would replace. */
function wellFormed(text: string): boolean {
  return Buffer.from(text, "utf8").toString("utf8") === text;
}

/** The seqid after the name, `, type , seqid ,` (the arguments follow). */
function jsonSeqid(body: Buffer, at: number): number | undefined {
  at = skipSpace(body, at);
  if (body[at] !== 0x2c) return undefined;
  at = skipSpace(body, skipNumber(body, skipSpace(body, at + 1)));
  if (at === -1 || body[at] !== 0x2c) return undefined;
  const start = skipSpace(body, at + 1);
  const end = skipNumber(body, start);
  if (end === -1 || body[skipSpace(body, end)] !== 0x2c) return undefined;
  // As the JSON reader takes a seqid: an i32, without leading zeros.
  const text = body.toString("latin1", start, end);
  const seqid = Number(text);
  if (/^-?0\d/.test(text) || !(seqid >= -0x80000000 && seqid <= 0x7fffffff)) return undefined;
  return seqid;
}

function skipSpace(body: Buffer, at: number): number {
  if (at === -1) return -1;
  while (at < body.length && (body[at] === 0x20 || body[at] === 0x09 || body[at] === 0x0a || body[at] === 0x0d)) at++;
  return at;
}

/** Past an integer (`-`, digits); -1 if there is none. */
function skipNumber(body: Buffer, at: number): number {
  if (at === -1) return -1;
  const start = body[at] === 0x2d /* - */ ? at + 1 : at;
  let end = start;
  while (end < body.length && body[end]! >= 0x30 && body[end]! <= 0x39) end++;
  return end === start ? -1 : end;
}
