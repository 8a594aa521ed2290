// The client's side of compression: request bodies compressed when asked (off by default:
// a stock Thrift server takes no compressed body), replies inflated whatever coding of
// the four the server chose. Both in one synchronous step: the body is whole by then, its
// size bounded by maxReplyBytes (or the call's own), and zlib's one-shot calls cost a
// fraction of a stream's threadpool round trips on bodies this size.
import {
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  deflateSync,
  gunzipSync,
  gzipSync,
  inflateRawSync,
  inflateSync,
  zstdCompressSync,
  zstdDecompressSync,
} from "node:zlib";
import { zstdWindowLogMax, type ContentCoding } from "../core/content-coding";

/**
 * `body` compressed with `coding`, at the fast levels of on-the-fly compression: gzip
 * and deflate 1 (nginx's default too), brotli 4 (its own default, 11, is for static
 * files: a hundred times slower), zstd 3 (its default).
 */
export function compress(coding: ContentCoding, body: Buffer): Buffer {
  switch (coding) {
    case "gzip":
      return gzipSync(body, { level: 1 });
    case "deflate":
      return deflateSync(body, { level: 1 });
    case "br":
      return brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      });
    case "zstd":
      return zstdCompressSync(body, { params: { [constants.ZSTD_c_compressionLevel]: 3 } });
  }
}

/**
 * `body` inflated from `coding`, at most `maxBytes` of it: zlib stops there, so a reply
 * that would inflate to gigabytes costs no more than `maxBytes`. Throws zlib's error for
 * data that is not `coding`, and a `RangeError` (code `ERR_BUFFER_TOO_LARGE`) past
 * `maxBytes`.
 */
export function inflate(coding: ContentCoding, body: Buffer, maxBytes: number): Buffer {
  const options = { maxOutputLength: maxBytes };
  switch (coding) {
    case "gzip":
      return gunzipSync(body, options);
    case "deflate":
      // RFC 9110's deflate is the zlib format, but some servers send raw deflate, as
      // browsers tolerate: a zlib header (method 8, and a check sum of 31) tells them apart.
      return isZlibHeader(body) ? inflateSync(body, options) : inflateRawSync(body, options);
    case "br":
      return brotliDecompressSync(body, options);
    case "zstd":
      return zstdDecompressSync(body, { ...options, params: { [constants.ZSTD_d_windowLogMax]: zstdWindowLogMax } });
  }
}

function isZlibHeader(body: Buffer): boolean {
  return body.length >= 2 && (body[0]! & 0x0f) === 8 && ((body[0]! << 8) | body[1]!) % 31 === 0;
}
