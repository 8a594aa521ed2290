// A closed loop: `inFlight` workers, each making its next call as soon as the last one
// returns, until `seconds` have passed. Calls/s counts until the last call returned; CPU
// is the whole process's (the event loop and the garbage collector's threads).
import { percentile } from "../stats";
import type { Sample } from "../results";

export async function measure(call: () => Promise<unknown>, inFlight: number, seconds: number): Promise<Sample> {
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      await call();
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsedS = (performance.now() - start) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  return {
    rps: latencies.length / elapsedS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuUs: (user + system) / latencies.length,
    calls: latencies.length,
  };
}
