// `node:buffer` in the bundle (build.ts aliases it here): the JSON protocol's reader
// (shared/src/core/json-scanner.ts) imports `isUtf8`, which a fatal TextDecoder gives.
import { Buffer } from "buffer";

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Whether `bytes` are valid UTF-8, as Node's `buffer.isUtf8`. */
export function isUtf8(bytes: ArrayBufferView | ArrayBuffer): boolean {
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export { Buffer };
