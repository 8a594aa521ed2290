// A protocol reading one message from one whole body, every length, size and nesting
// level bounded for untrusted input: the reading side of writer.ts. Binary and compact
// are Apache's protocols with bounds added (bounded.ts); JSON is a reader of our own
// (json-reader.ts), Apache's being too lenient.
import type { TProtocol } from "thrift";
import { boundedProtocols } from "./bounded";
import { JsonReader } from "./json-reader";
import { defaultDecodeLimits, type DecodeLimits } from "./limits";
import type { ProtocolName } from "./protocols";
import { MemoryTransport } from "./transport";

const readers = { ...boundedProtocols, json: JsonReader };

/**
 * A protocol reading one message from `bytes`, with every length, size and nesting
 * level bounded by `limits`. Binary and compact reads past the end throw
 * `InputBufferUnderrunError`; every other violation is a `Thrift.TProtocolException`.
 */
export function createReader(
  protocol: ProtocolName,
  bytes: Buffer,
  limits: Partial<DecodeLimits> = defaultDecodeLimits,
): TProtocol {
  return new readers[protocol](new MemoryTransport(bytes), limits);
}
