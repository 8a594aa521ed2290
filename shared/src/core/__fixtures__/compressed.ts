// A body compressed with zlib directly, not with the project's own code: the tests'
// independent oracle for every content coding the services and the client accept.
import zlib from "node:zlib";
import type { ContentCoding } from "../content-coding";

export function compressed(coding: ContentCoding, body: Buffer): Buffer {
  switch (coding) {
    case "gzip":
      return zlib.gzipSync(body);
    case "deflate":
      return zlib.deflateSync(body);
    case "br":
      return zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
    case "zstd":
      return zlib.zstdCompressSync(body);
  }
}
