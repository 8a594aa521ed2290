// What a run measured: per contestant and group (a payload, or calls in flight), one
// sample per round; and how the report sums them up.
import { median } from "./stats";

export interface Sample {
  /** Requests (or calls) per second over the run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU microseconds per request: of the serving processes (servers), of the client process (clients). */
  cpuUs: number;
  /** Calls made in the run, where the report needs them (the client loops'). */
  calls?: number;
  /** Bytes per request on the wire, where the report shows them (the compression rows). */
  bytes?: number;
  /** CPU microseconds per call of the server a client loop called, where measured. */
  serverCpuUs?: number;
}

export interface Cell {
  readonly id: string;
  readonly label: string;
  readonly group: string;
  readonly samples: Sample[];
}

export interface Summary {
  rpsMedian: number;
  rpsMin: number;
  rpsMax: number;
  /** Medians over the rounds of each round's percentile, and of the CPU cost. */
  p50Ms: number;
  p99Ms: number;
  cpuUs: number;
  /** Medians over the rounds, where the samples have them. */
  bytes: number;
  serverCpuUs: number;
}

export function summarize(cell: Cell): Summary {
  const rps = cell.samples.map((sample) => sample.rps);
  return {
    rpsMedian: median(rps),
    rpsMin: Math.min(...rps),
    rpsMax: Math.max(...rps),
    p50Ms: median(cell.samples.map((sample) => sample.p50Ms)),
    p99Ms: median(cell.samples.map((sample) => sample.p99Ms)),
    cpuUs: median(cell.samples.map((sample) => sample.cpuUs)),
    bytes: median(cell.samples.map((sample) => sample.bytes ?? Number.NaN)),
    serverCpuUs: median(cell.samples.map((sample) => sample.serverCpuUs ?? Number.NaN)),
  };
}

/** The cell of contestant `id` in `group`; the report only asks for cells the run made. */
export function cellOf(cells: readonly Cell[], id: string, group: string): Cell {
  const cell = cells.find((candidate) => candidate.id === id && candidate.group === group);
  if (!cell) throw new Error(`No results for ${id} in ${group}`);
  return cell;
}
