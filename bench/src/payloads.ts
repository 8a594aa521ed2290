// The two payloads every contestant is loaded with: the echo call with a 100-byte and a
// 10 KiB message, binary protocol, encoded once into files wrk sends as they are. The
// cached call reads an entry of the same size from the data service.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeCall, encodeGetPath } from "@starter/shared/core";
import { DataService } from "@starter/data/dist/gen/data";
import { Echo } from "@starter/echo/dist/gen/echo";

export interface Payload {
  readonly name: string;
  /** The echo message. */
  readonly message: string;
  /** The file holding the encoded echo call. */
  readonly callFile: string;
  /** The data service key whose value has the message's size. */
  readonly key: string;
  /** Path and query of the cached call, `GET /data/get?m=…`. */
  readonly getPath: string;
}

const sizes = [
  { name: "100 B", bytes: 100 },
  { name: "10 KiB", bytes: 10 * 1024 },
];

export function writePayloads(work: string): Payload[] {
  return sizes.map(({ name, bytes }) => {
    const message = "x".repeat(bytes);
    const callFile = join(work, `echo-${bytes}.bin`);
    writeFileSync(callFile, encodeCall(Echo.methods.echo, [{ msg: message }], 0, "binary"));
    const key = `bench-${bytes}`;
    return { name, message, callFile, key, getPath: encodeGetPath("/data", DataService.methods.get, [key]) };
  });
}
