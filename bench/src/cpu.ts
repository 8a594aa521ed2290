// CPU time the server processes spend, read from /proc: divided by the requests served,
// it prices a request in CPU rather than in wall time, which another busy process on the
// machine skews far less than it skews requests/s.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

function stat(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may hold spaces.
  return text.slice(text.lastIndexOf(")") + 2).split(" ");
}

/** CPU time of some processes at one moment, per process. */
export type CpuReading = ReadonlyMap<number, number>;

/** User plus system CPU seconds used so far by each of `pids` still running. */
export function readCpu(pids: readonly number[]): CpuReading {
  const reading = new Map<number, number>();
  for (const pid of pids) {
    let fields;
    try {
      fields = stat(pid);
    } catch {
      continue; // gone since it was listed (nginx's cache loader exits a minute after start)
    }
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
    reading.set(pid, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
  }
  return reading;
}

/** CPU seconds the processes of `before` used since, counting those still running. */
export function cpuSecondsSince(before: CpuReading): number {
  const after = readCpu([...before.keys()]);
  let seconds = 0;
  for (const [pid, now] of after) seconds += now - before.get(pid)!;
  return seconds;
}

/** The processes whose parent is `pid` (nginx's workers, for its master). */
export function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((candidate) => {
      try {
        return Number(stat(candidate)[1]) === pid;
      } catch {
        return false; // gone since the listing
      }
    });
}
