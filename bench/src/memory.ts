// Peak memory of the server processes, from /proc: a server that is fast because it holds
// on to memory is not what a team deploying it into a container with a memory limit wants.
import { readFileSync } from "node:fs";
import type { Contestant } from "./contestants";
import type { Stack } from "./stack";

/** A server process and the most memory it held during the run. */
export interface PeakMemory {
  /** The contestant's id and label. */
  id: string;
  label: string;
  /** VmHWM: the resident set's high-water mark, in MiB. */
  peakMiB: number;
}

/** VmHWM of `pid` in MiB; undefined when it is gone. */
function peakOf(pid: number): number | undefined {
  try {
    const found = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return found ? Number(found[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The peak of each contestant served by a Node process of its own, over every payload of
 * the run; the rows through nginx share those processes and are left out.
 */
export function peakMemory(stack: Stack, contestants: readonly Contestant[]): PeakMemory[] {
  const peaks: PeakMemory[] = [];
  for (const { id, label, servedBy } of contestants) {
    if (servedBy.length !== 1 || servedBy[0] !== id) continue;
    const [pid] = stack.pids(id);
    const peakMiB = pid === undefined ? undefined : peakOf(pid);
    if (peakMiB !== undefined) peaks.push({ id, label, peakMiB });
  }
  return peaks;
}
