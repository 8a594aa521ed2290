// Thrift's uuid (0.21 and later): 16 bytes in binary and compact, the canonical string
// (8-4-4-4-12 hex digits) in JSON and in TypeScript. Any 128 bits are a Thrift uuid;
// Apache's Node runtime accepts only RFC 4122 versions 1-8 and throws a TypeError for
// the rest, so the protocols here read and write uuids with these instead.
import { invalidData } from "./codec";

const canonical = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is a uuid in canonical form, any case. */
export function isUuid(text: string): boolean {
  return canonical.test(text);
}

/** The value, lower-cased, if it is a uuid in canonical form; throws `INVALID_DATA` otherwise. */
export function checkUuid(value: unknown): string {
  if (typeof value !== "string" || !canonical.test(value)) {
    throw invalidData(`Not a uuid: ${typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value}`);
  }
  return value.toLowerCase();
}

/** The 16 bytes of a uuid in canonical form, most significant first. */
export function uuidToBytes(value: unknown): Buffer {
  return Buffer.from(checkUuid(value).replaceAll("-", ""), "hex");
}

/** 16 bytes as a uuid in canonical form, lower case. */
export function uuidFromBytes(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
