// The client table: each client contestant calls the baseline server (the fastest, so
// that the client's own cost shows), one call at a time and with `connections` calls in
// flight, in turn, each measurement in a fresh process.
import { join } from "node:path";
import { callerLabels, callerNames } from "./client/callers";
import { pinned } from "./pinning";
import { output } from "./processes";
import type { Cell, Sample } from "./results";
import type { Settings } from "./settings";

/** The message size of the client table: the small call, where the client's overhead weighs most. */
export const clientMessageBytes = 100;

export function inFlightGroup(inFlight: number): string {
  return `${inFlight} in flight`;
}

/** One call at a time, and as many in flight as wrk keeps connections. */
export function inFlightLevels(connections: number): number[] {
  return [...new Set([1, connections])];
}

export async function benchClients(settings: Settings, origin: string): Promise<Cell[]> {
  const { root, connections, durationS, warmupS, rounds } = settings;
  const runs = inFlightLevels(connections).flatMap((inFlight) =>
    callerNames.map((name) => {
      const cell: Cell = { id: name, label: callerLabels[name], group: inFlightGroup(inFlight), samples: [] };
      return { name, inFlight, cell };
    }),
  );
  const main = join(root, "bench/dist/client/main.js");
  for (let round = 1; round <= rounds; round++) {
    for (const { name, inFlight, cell } of runs) {
      const args = [name, inFlight, warmupS, durationS, origin, clientMessageBytes].map(String);
      const [command, pinnedArgs] = pinned("load", process.execPath, [main, ...args]);
      const sample = JSON.parse(await output(command, pinnedArgs)) as Sample;
      cell.samples.push(sample);
      const rps = Math.round(sample.rps);
      console.error(`bench: round ${round}/${rounds}, ${cell.group}, ${cell.label}: ${rps} calls/s`);
    }
  }
  return runs.map(({ cell }) => cell);
}
