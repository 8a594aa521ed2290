// Servers on one core, load generators on another, so neither steals the other's CPU
// time. Only where the machine has two cores or more; otherwise nothing is pinned.
import { availableParallelism } from "node:os";

export type Side = "server" | "load";

const cores: Record<Side, number> = { server: 0, load: 1 };

const pinningEnabled = availableParallelism() >= 2;

/** The command line that runs `command` on `side`'s core (via taskset), or as it is. */
export function pinned(side: Side, command: string, args: readonly string[]): [string, string[]] {
  return pinningEnabled ? ["taskset", ["-c", String(cores[side]), command, ...args]] : [command, [...args]];
}

export function describePinning(): string {
  return pinningEnabled
    ? `servers and nginx on core ${cores.server}, load generators (wrk, client loops) on core ${cores.load} (taskset)`
    : "not pinned: the machine has one core";
}
