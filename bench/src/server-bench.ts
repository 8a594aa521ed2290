// The server table: every contestant loaded with wrk, in turn (A B C … A B C …) so that
// a slow moment of the machine spreads over all of them instead of hitting one.
import type { Contestant } from "./contestants";
import { cpuSecondsSince, readCpu } from "./cpu";
import type { Payload } from "./payloads";
import type { Cell, Sample } from "./results";
import type { Settings } from "./settings";
import type { Stack } from "./stack";
import { runH2load } from "./h2load";
import { runWrk, type WrkRun } from "./wrk";

export async function benchServers(
  settings: Settings,
  stack: Stack,
  contestants: readonly Contestant[],
  payloads: readonly Payload[],
): Promise<Cell[]> {
  const { root, work, connections, durationS, warmupS, rounds } = settings;
  const load = (contestant: Contestant, payload: Payload, seconds: number): Promise<WrkRun> => {
    const target = contestant.target(payload);
    if (contestant.http2 === undefined) return runWrk(root, target, seconds, connections);
    const sessions =
      contestant.http2.connections === "all" ? connections : Math.min(connections, contestant.http2.connections);
    return runH2load(work, target, seconds, sessions, Math.ceil(connections / sessions));
  };
  const runs = payloads.flatMap((payload) =>
    contestants.map((contestant) => {
      const cell: Cell = { id: contestant.id, label: contestant.label, group: payload.name, samples: [] };
      return { contestant, payload, cell };
    }),
  );
  if (warmupS > 0) {
    console.error(`bench: warming up ${runs.length} contestant × payload pairs, ${warmupS} s each`);
    for (const { contestant, payload } of runs) await load(contestant, payload, warmupS);
  }
  for (let round = 1; round <= rounds; round++) {
    for (const { contestant, payload, cell } of runs) {
      const pids = contestant.servedBy.flatMap((name) => stack.pids(name));
      const cpuBefore = readCpu(pids);
      const run = await load(contestant, payload, durationS);
      const cpuUs = (cpuSecondsSince(cpuBefore) * 1e6) / run.requests;
      const sample: Sample = { rps: run.rps, p50Ms: run.p50Ms, p99Ms: run.p99Ms, cpuUs, bytes: run.bytes };
      cell.samples.push(sample);
      const rps = Math.round(sample.rps);
      const p99 = sample.p99Ms.toFixed(2);
      console.error(
        `bench: round ${round}/${rounds}, ${payload.name}, ${contestant.label}: ${rps} req/s, p99 ${p99} ms`,
      );
    }
  }
  return runs.map(({ cell }) => cell);
}
