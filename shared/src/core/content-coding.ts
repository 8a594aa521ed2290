// The content codings of bodies (RFC 9110 §8.4): gzip, deflate, br and zstd, which Node's
// zlib inflates, and identity (none). A service decides from a request's head, before a
// byte of its body is read, so an adapter answers 415 at once and knows how to inflate
// what it reads; the client reads its replies' by the same rule. One coding at most: a
// stack of them (`gzip, br`) is refused, since each layer would be inflated in full
// before the next could be counted against the limit.

/** A content coding a request body may be compressed with. */
export type ContentCoding = "gzip" | "deflate" | "br" | "zstd";

/** Every coding a service inflates, in the order its 415 answer lists them. */
export const contentCodings: readonly ContentCoding[] = ["gzip", "deflate", "br", "zstd"];

/**
 * The `Accept-Encoding` of a 415 for an unsupported coding, which RFC 9110 §12.5.3 asks
 * for: the codings a request body may use.
 */
export const acceptedRequestEncodings = contentCodings.join(", ");

/**
 * The largest window a zstd frame may ask of a decoder, as a power of two: 2^23, the
 * 8 MiB RFC 9659 allows in HTTP. zstd's own default, 2^27, would let one small frame
 * make its reader reserve 128 MiB.
 */
export const zstdWindowLogMax = 23;

const byName: ReadonlyMap<string, ContentCoding | "identity"> = new Map<string, ContentCoding | "identity">([
  ["gzip", "gzip"],
  // RFC 9110 §8.4.1.3: a recipient should take x-gzip for gzip.
  ["x-gzip", "gzip"],
  ["deflate", "deflate"],
  ["br", "br"],
  ["zstd", "zstd"],
  ["identity", "identity"],
]);

/**
 * The coding a `Content-Encoding` header says a body is in: `"identity"` for none
 * (no header, an empty one, or only `identity`), or undefined when it cannot be
 * inflated here (an unknown coding, or more than one). Names are compared without case.
 */
export function contentCodingOf(header: string | string[] | undefined): ContentCoding | "identity" | undefined {
  if (header === undefined) return "identity";
  const list = typeof header === "string" ? header : header.join(",");
  // One lower-case coding, the common case: no allocation.
  const exact = byName.get(list);
  if (exact !== undefined) return exact;
  let coding: ContentCoding | "identity" = "identity";
  for (const element of list.split(",")) {
    const name = element.trim().toLowerCase();
    // RFC 9110 §5.6.1: empty list elements do not count.
    if (name === "") continue;
    const known = byName.get(name);
    if (known === undefined) return undefined;
    if (known === "identity") continue;
    if (coding !== "identity") return undefined;
    coding = known;
  }
  return coding;
}
