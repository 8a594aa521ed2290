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

/**
 * User plus system CPU seconds used so far by `pids`. A process gone since it was listed
 * counts nothing: nginx's cache loader exits on its own a minute after the start, having
 * used a few ticks.
 */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    let fields: string[];
    try {
      fields = stat(pid);
    } catch {
      continue;
    }
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / ticksPerSecond;
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
