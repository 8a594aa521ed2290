// What TJSON's values look like, for its reader and writer: the type names, the
// base64 of binary values, and the UUIDs the other two protocols accept.
import { Thrift } from "thrift";

const { Type } = Thrift;

/** TJSON's name of each Thrift type, as Apache's implementations write it. */
export const typeNames: ReadonlyMap<Thrift.Type, string> = new Map([
  [Type.BOOL, "tf"],
  [Type.BYTE, "i8"],
  [Type.I16, "i16"],
  [Type.I32, "i32"],
  [Type.I64, "i64"],
  [Type.DOUBLE, "dbl"],
  [Type.STRUCT, "rec"],
  [Type.STRING, "str"],
  [Type.MAP, "map"],
  [Type.LIST, "lst"],
  [Type.SET, "set"],
  [Type.UUID, "uid"],
]);

export const typesByName: ReadonlyMap<string, Thrift.Type> = new Map(
  [...typeNames].map(([type, name]) => [name, type]),
);

// The value of each base64 character (RFC 4648 §4, not the URL alphabet), else -1.
const base64Values = new Int8Array(128).fill(-1);
for (const [i, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].entries()) {
  base64Values[c.charCodeAt(0)] = i;
}

/**
 * The bytes `text` encodes in base64, or undefined if it is not canonical base64.
 * Padding may be left out (Apache's C++ and Java writers do) or be complete (its
 * Node and Python writers); the bits the last character holds beyond the data
 * must be zero, so every byte string has one padded and one unpadded form.
 */
export function decodeBase64(text: string): Buffer | undefined {
  let length = text.length;
  let padding = 0;
  while (padding < 2 && length > 0 && text.charCodeAt(length - 1) === 0x3d /* = */) {
    length--;
    padding++;
  }
  const tail = length % 4;
  if (tail === 1 || (padding > 0 && (tail === 0 || tail + padding !== 4))) return undefined;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || base64Values[c]! < 0) return undefined;
  }
  if (tail > 0) {
    const unused = tail === 2 ? 0x0f : 0x03;
    if ((base64Values[text.charCodeAt(length - 1)]! & unused) !== 0) return undefined;
  }
  return Buffer.from(text, "base64");
}
