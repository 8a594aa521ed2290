// The machine a run measured, written beside its numbers: they mean little without it.
import { spawnSync } from "node:child_process";
import { availableParallelism, cpus, loadavg, release } from "node:os";
import { describePinning } from "./pinning";

export interface Machine {
  cores: number;
  cpu: string;
  kernel: string;
  node: string;
  nginx: string;
  wrk: string;
  pinning: string;
  /** 1-minute load average when the run started (other work on the machine skews numbers). */
  loadAtStart: number;
}

/** The first line a tool prints about its version (`nginx version: nginx/1.22.1`, `wrk debian/4.1.0-3+b2 …`). */
function version(command: string, flag: string): string {
  const result = spawnSync(command, [flag], { encoding: "utf8" });
  return `${result.stdout}${result.stderr}`.split("\n")[0]!.trim();
}

export function describeMachine(): Machine {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    kernel: `Linux ${release()}`,
    node: process.version,
    nginx: version("nginx", "-v").replace(/^nginx version: nginx\//, ""),
    wrk: version("wrk", "-v").split(" ")[1] ?? "unknown",
    pinning: describePinning(),
    loadAtStart: loadavg()[0]!,
  };
}

export function currentLoad(): number {
  return loadavg()[0]!;
}
