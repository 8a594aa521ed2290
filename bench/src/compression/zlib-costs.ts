// What compressing and inflating the compression rows' payloads costs, operation by
// operation: the least CPU time of many runs, which other work on the machine raises far
// less than it raises a load test's numbers. nginx and Node link the same zlib, so the
// gzip columns are the gateway's cost too.
//     node bench/dist/compression/zlib-costs.js      (after `make bench` or `npx tsc -b bench`)
import { once } from "node:events";
import { createGunzip, gunzipSync, gzipSync } from "node:zlib";
import { encodeCall } from "@starter/shared/core";
import { Echo } from "@starter/echo/dist/gen/echo";
import { compressionSizes, recordText, sizeName } from "./payloads";

const rounds = 200;

/** The least CPU µs one call of `work` took, over `rounds` rounds of `reps` calls. */
async function leastUs(work: () => unknown, reps: number): Promise<number> {
  let least = Infinity;
  for (let round = 0; round < rounds; round++) {
    const before = process.cpuUsage();
    for (let rep = 0; rep < reps; rep++) await work();
    const { user, system } = process.cpuUsage(before);
    least = Math.min(least, (user + system) / reps);
  }
  return least;
}

async function streamInflate(gzipped: Buffer): Promise<void> {
  const decoder = createGunzip();
  decoder.resume();
  decoder.end(gzipped);
  await once(decoder, "end");
}

async function main(): Promise<void> {
  const row = (cells: readonly (string | number)[]) => console.log(`| ${cells.join(" | ")} |`);
  row([
    "payload",
    "call bytes",
    "gzip -1 bytes",
    "gzip -1 µs",
    "gzip -6 bytes",
    "gzip -6 µs",
    "inflate µs, one step",
    "inflate µs, stream",
  ]);
  row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]);
  for (const bytes of compressionSizes) {
    const call = encodeCall(Echo.methods.echo, [{ msg: recordText(bytes) }], 0, "binary");
    const fast = gzipSync(call, { level: 1 });
    const best = gzipSync(call, { level: 6 });
    const reps = Math.max(2, Math.floor(65536 / call.length));
    const us = (value: number) => value.toFixed(1);
    row([
      sizeName(bytes),
      call.length,
      fast.length,
      us(await leastUs(() => gzipSync(call, { level: 1 }), reps)),
      best.length,
      us(await leastUs(() => gzipSync(call, { level: 6 }), reps)),
      us(await leastUs(() => gunzipSync(fast), reps)),
      us(await leastUs(() => streamInflate(fast), reps)),
    ]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
