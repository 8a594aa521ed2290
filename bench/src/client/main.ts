// One client contestant in its own process (on the load core), so that each starts as
// cold as the others: warm up, measure, print the sample as one JSON line. The message is
// `x` repeated, or with `records`, the compression rows' text (compression/payloads.ts).
//     node client/main.js <caller> <in flight> <warm-up s> <seconds> <origin> <message bytes> [records]
import { recordText } from "../compression/payloads";
import { callerNames, compressionCallerNames, createCaller, type CallerName } from "./callers";
import { measure } from "./loop";

async function main(): Promise<void> {
  const [name, inFlight, warmupS, seconds, origin, bytes, text] = process.argv.slice(2);
  const names: readonly string[] = [...callerNames, ...compressionCallerNames];
  if (!names.includes(name!)) throw new Error(`Unknown caller ${name}; expected ${names.join(", ")}`);
  const msg = text === "records" ? recordText(Number(bytes)) : "x".repeat(Number(bytes));
  const caller = createCaller(name as CallerName, origin!, msg);
  if (Number(warmupS) > 0) await measure(() => caller.call(), Number(inFlight), Number(warmupS));
  const sample = await measure(() => caller.call(), Number(inFlight), Number(seconds));
  await caller.close();
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
