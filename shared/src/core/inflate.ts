// A whole compressed body inflated in one synchronous step, never past a limit: zlib stops
// producing output once `maxBytes` is passed, so a body that would inflate to gigabytes
// costs no more than `maxBytes` of work and memory. Used for what is already whole: the
// client's replies, and the request bodies an adapter has read to their end (`inflateBody`,
// which answers as an adapter's body reader does: the body, or why it cannot be had).
import {
  brotliDecompressSync,
  constants,
  gunzipSync,
  inflateRawSync,
  inflateSync,
  zstdDecompressSync,
} from "node:zlib";
import { zstdWindowLogMax, type ContentCoding } from "./content-coding";
import type { BodyProblem } from "./http";

export interface Inflated {
  readonly body: Buffer;
  /** Bytes after the end of the compressed data, which zlib drops (gzip alone refuses them). */
  readonly trailing: number;
}

/**
 * `body` inflated from `coding`. Throws zlib's error for data that is not `coding`, and a
 * `RangeError` with code `ERR_BUFFER_TOO_LARGE` once the output passes `maxBytes`.
 * `deflate` is the zlib format RFC 9110 names; with `rawDeflate`, raw deflate too, which
 * some servers send and browsers read (told apart by the zlib header).
 */
export function inflateWhole(coding: ContentCoding, body: Buffer, maxBytes: number, rawDeflate = false): Inflated {
  const options = { maxOutputLength: Math.max(maxBytes, 1), info: true } as const;
  let result;
  switch (coding) {
    case "gzip":
      result = gunzipSync(body, options);
      break;
    case "deflate":
      result = rawDeflate && !isZlibHeader(body) ? inflateRawSync(body, options) : inflateSync(body, options);
      break;
    case "br":
      result = brotliDecompressSync(body, options);
      break;
    case "zstd":
      result = zstdDecompressSync(body, { ...options, params: { [constants.ZSTD_d_windowLogMax]: zstdWindowLogMax } });
      break;
  }
  const { buffer, engine } = result as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
  // An empty output is not the limit's concern; maxOutputLength must be at least 1.
  if (buffer.length > maxBytes)
    throw Object.assign(new RangeError(`Output over ${maxBytes} bytes`), { code: "ERR_BUFFER_TOO_LARGE" });
  return { body: buffer, trailing: body.length - engine.bytesWritten };
}

/** A zlib header: compression method 8, and the two bytes a multiple of 31. */
function isZlibHeader(body: Buffer): boolean {
  return body.length >= 2 && (body[0]! & 0x0f) === 8 && ((body[0]! << 8) | body[1]!) % 31 === 0;
}

/**
 * A request body read to its end, inflated from `coding` in one step (zlib stops at
 * `maxBytes`), or the problem the core answers with `refuseBody`: too large once inflated
 * (413), or not valid `coding` data, bytes after its end included (400). Strict, as RFC
 * 9110 names the codings: `deflate` is the zlib format only.
 */
export function inflateBody(coding: ContentCoding, body: Buffer, maxBytes: number): Buffer | BodyProblem {
  try {
    const { body: inflated, trailing } = inflateWhole(coding, body, maxBytes);
    return trailing > 0 ? trailingBytes(coding, trailing) : inflated;
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") return inflatedTooLarge(coding, maxBytes);
    return notInflatable(coding, error as Error, true);
  }
}

/** @internal The body inflates past `maxBytes`. */
export function inflatedTooLarge(coding: ContentCoding, maxBytes: number): BodyProblem {
  return { kind: "too_large", maxBytes, inflatedFrom: coding };
}

/** @internal Not valid `coding` data; `complete` when the body was read to its end. */
export function notInflatable(coding: ContentCoding, error: Error, complete: boolean): BodyProblem {
  return { kind: "not_inflatable", coding, error, complete };
}

/** @internal gzip refuses them itself; deflate, br and zstd would drop them unread. */
export function trailingBytes(coding: ContentCoding, trailing: number): BodyProblem {
  return notInflatable(coding, new Error(`${trailing} bytes after the end of the data`), true);
}
