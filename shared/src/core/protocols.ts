// Which Thrift protocol a request body is in. A specific Content-Type says it; the generic
// types that stock clients send whatever their protocol (Apache's Python and Go
// THttpClient send `application/x-thrift` for compact and JSON bodies too) leave it to
// the body's first byte, which differs in all three protocols.

/** The Thrift protocols spoken over HTTP. */
export type ProtocolName = "binary" | "compact" | "json";

/** The canonical Content-Type of each protocol, sent on every reply and by our client. */
export const contentTypes: Readonly<Record<ProtocolName, string>> = {
  binary: "application/vnd.apache.thrift.binary",
  compact: "application/vnd.apache.thrift.compact",
  json: "application/vnd.apache.thrift.json",
};

/** What Apache's HTTP clients (Node, Java, Python, Go, …) send, whatever the protocol, and its servers answer. */
export const apacheContentType = "application/x-thrift";

/** What a Content-Type says: a protocol, or `"sniff"` for a generic type (see `protocolOf`). */
export type DeclaredProtocol = ProtocolName | "sniff";

const byMediaType: ReadonlyMap<string, DeclaredProtocol> = new Map<string, DeclaredProtocol>([
  [contentTypes.binary, "binary"],
  [contentTypes.compact, "compact"],
  [contentTypes.json, "json"],
  [apacheContentType, "sniff"],
  // What creditkarma's thrift-client sends.
  ["application/octet-stream", "sniff"],
]);

/** Every media type a request may be sent as, for the 415 answer. */
export const acceptedContentTypes: readonly string[] = [...byMediaType.keys()];

/**
 * What a `Content-Type` header says, ignoring parameters (`; charset=…`) and case;
 * undefined for a missing or unknown type. Stock clients always send one, so a missing
 * type is not guessed.
 */
export function protocolFromContentType(header: string | undefined): DeclaredProtocol | undefined {
  if (header === undefined) return undefined;
  // The exact canonical type is the common case: no allocation.
  const exact = byMediaType.get(header);
  if (exact !== undefined) return exact;
  const semicolon = header.indexOf(";");
  const mediaType = semicolon === -1 ? header : header.slice(0, semicolon);
  return byMediaType.get(mediaType.trim().toLowerCase());
}

/**
 * The protocol of a body sent with a Content-Type that says `declared`. For a generic
 * type, the first byte decides: 0x82 starts every compact message, `[` every JSON one
 * (after any whitespace),
 * and anything else is read as binary (0x80 starts a strict binary message; an old
 * non-strict one starts with its name's length), which fails to decode if it is not.
 */
export function protocolOf(declared: DeclaredProtocol, body: Uint8Array): ProtocolName {
  if (declared !== "sniff") return declared;
  switch (body[0]) {
    case 0x82:
      return "compact";
    case 0x5b /* [ */:
      return "json";
    case 0x20:
    case 0x09:
    case 0x0a:
    case 0x0d:
      // JSON may start with whitespace; no binary message can (its name's length would
      // be 150 MB at least).
      return body[body.findIndex((byte) => !isJsonWhitespace(byte))] === 0x5b ? "json" : "binary";
    default:
      return "binary";
  }
}

const isJsonWhitespace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
