// A whole compressed body inflated in one synchronous step, never past a limit: zlib stops
// producing output once `maxBytes` is passed, so a body that would inflate to gigabytes
// costs no more than `maxBytes` of work and memory. Used for what is already whole: the
// client's replies, and the request bodies an adapter has read to their end.
import {
  brotliDecompressSync,
  constants,
  gunzipSync,
  inflateRawSync,
  inflateSync,
  zstdDecompressSync,
} from "node:zlib";
import { zstdWindowLogMax, type ContentCoding } from "./content-coding";

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
