// Injected into the bundle by esbuild (build.js): `Buffer`, which binary values and the
// protocols of shared/src are written with, from the npm `buffer` package; with the one
// encoding it lacks that the page uses, `base64url`, in which a GET call's message travels
// (shared/src/core/get.ts): RFC 4648 §5, unpadded, as Node writes it.
import { Buffer } from "buffer";

const nativeToString = Buffer.prototype.toString;
Buffer.prototype.toString = function (this: Buffer, encoding?: string, start?: number, end?: number): string {
  if (encoding !== "base64url") return nativeToString.call(this, encoding as BufferEncoding, start, end);
  return nativeToString.call(this, "base64", start, end).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

export { Buffer };
