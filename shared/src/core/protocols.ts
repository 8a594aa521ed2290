// Which Thrift protocol a request body is in, told by its Content-Type.

/** The Thrift protocols spoken over HTTP. */
export type ProtocolName = "binary" | "compact" | "json";

/** The canonical Content-Type of each protocol, sent on every reply and by our client. */
export const contentTypes: Readonly<Record<ProtocolName, string>> = {
  binary: "application/vnd.apache.thrift.binary",
  compact: "application/vnd.apache.thrift.compact",
  json: "application/vnd.apache.thrift.json",
};

const byMediaType: ReadonlyMap<string, ProtocolName> = new Map([
  [contentTypes.binary, "binary"],
  [contentTypes.compact, "compact"],
  [contentTypes.json, "json"],
  // What Apache's HTTP clients (Node, Java, Python) send.
  ["application/x-thrift", "binary"],
  // What creditkarma's thrift-client sends.
  ["application/octet-stream", "binary"],
]);

/** Every media type a request may be sent as, for the 415 answer. */
export const acceptedContentTypes: readonly string[] = [...byMediaType.keys()];

/**
 * The protocol of a `Content-Type` header, ignoring parameters (`; charset=…`) and
 * case; undefined for a missing or unknown type. Apache's Node client always sends
 * `application/x-thrift`, so a missing type is not guessed.
 */
export function protocolFromContentType(header: string | undefined): ProtocolName | undefined {
  if (header === undefined) return undefined;
  // The exact canonical type is the common case: no allocation.
  const exact = byMediaType.get(header);
  if (exact !== undefined) return exact;
  const semicolon = header.indexOf(";");
  const mediaType = semicolon === -1 ? header : header.slice(0, semicolon);
  return byMediaType.get(mediaType.trim().toLowerCase());
}
