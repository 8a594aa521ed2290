// The payloads of the compression rows: echo calls whose message is text records (an id,
// a name, an email, a role, a date per line: what API replies are mostly made of), from a
// fixed seed, so every run sends the same bytes. gzip at level 1 makes them about 2.3×
// smaller at 1 KiB, 3× at 4 KiB and nearly 4× from 16 KiB on; 256 B barely shrink. The
// data service holds an entry of each size for the cached rows.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeCall, encodeGetPath } from "@starter/shared/core";
import { DataService } from "@starter/data/dist/gen/data";
import { Echo } from "@starter/echo/dist/gen/echo";
import type { Payload } from "../payloads";

export const compressionSizes = [256, 1024, 4096, 16 * 1024, 64 * 1024];

export const sizeName = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${bytes / 1024} KiB`);

const first = [
  "Ada",
  "Grace",
  "Alan",
  "Edsger",
  "Barbara",
  "Donald",
  "Ken",
  "Dennis",
  "Margaret",
  "John",
  "Frances",
  "Radia",
];
const last = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Dijkstra",
  "Liskov",
  "Knuth",
  "Thompson",
  "Ritchie",
  "Hamilton",
  "Backus",
  "Allen",
  "Perlman",
];
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** `bytes` characters of records (ASCII), the same for the same length. */
export function recordText(bytes: number): string {
  let seed = 20251121;
  // The high bits of a linear congruential generator: its low bits repeat quickly.
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 8;
  };
  const pick = <T>(list: readonly T[]) => list[next() % list.length]!;
  const token = (length: number) => Array.from({ length }, () => alphabet[next() % alphabet.length]).join("");
  let text = "";
  while (text.length < bytes) {
    const [name, surname] = [pick(first), pick(last)];
    const created = new Date(1.7e12 + next() * 600_000).toISOString().slice(0, 19);
    const email = `${name}.${surname}${next() % 1000}@example.org`.toLowerCase();
    text += `id=${token(11)} user=${name} ${surname} email=${email} role=${next() % 10 ? "MEMBER" : "ADMIN"} created=${created}Z\n`;
  }
  return text.slice(0, bytes);
}

export function writeCompressionPayloads(work: string): Payload[] {
  return compressionSizes.map((bytes) => {
    const message = recordText(bytes);
    const callFile = join(work, `echo-text-${bytes}.bin`);
    writeFileSync(callFile, encodeCall(Echo.methods.echo, [{ msg: message }], 0, "binary"));
    const key = `bench-text-${bytes}`;
    return {
      name: sizeName(bytes),
      message,
      callFile,
      key,
      getPath: encodeGetPath("/data", DataService.methods.get, [key]),
    };
  });
}
