// One client contestant in its own process (on the load core), so that each starts as
// cold as the others: warm up, measure, print the sample as one JSON line.
//     node client/main.js <caller> <in flight> <warm-up s> <seconds> <origin> <message bytes>
import { callerNames, createCaller, type CallerName } from "./callers";
import { measure } from "./loop";

async function main(): Promise<void> {
  const [name, inFlight, warmupS, seconds, origin, bytes] = process.argv.slice(2);
  if (!callerNames.includes(name as CallerName)) {
    throw new Error(`Unknown caller ${name}; expected ${callerNames.join(", ")}`);
  }
  const caller = createCaller(name as CallerName, origin!, "x".repeat(Number(bytes)));
  if (Number(warmupS) > 0) await measure(() => caller.call(), Number(inFlight), Number(warmupS));
  const sample = await measure(() => caller.call(), Number(inFlight), Number(seconds));
  await caller.close();
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
