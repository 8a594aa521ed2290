// Request bodies compressed when asked (off by default: a stock Thrift server takes no
// compressed body), in one synchronous step: the body is whole, and a zlib stream would
// only add round trips to the threadpool. Replies are inflated by core/inflate.ts.
import { brotliCompressSync, constants, deflateSync, gzipSync, zstdCompressSync } from "node:zlib";
import type { ContentCoding } from "../core/content-coding";

/**
 * `body` compressed with `coding`, at the fast levels of on-the-fly compression: gzip
 * and deflate 1 (nginx's default too), brotli 4 (its own default, 11, is for static
 * files: 60 to 100 times slower on API payloads), zstd 3 (its default).
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
