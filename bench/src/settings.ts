// The run's tunables, from the environment (`make bench BENCH_ROUNDS=5 …`), and where
// things live. The report names the tunables, so that its numbers can be reproduced.
import { resolve } from "node:path";

export interface Settings {
  /** Seconds of each measured run. */
  durationS: number;
  /** Measured rounds; each runs every contestant once, in the same order. */
  rounds: number;
  /** Seconds of the warm-up run of each contestant before round 1 (discarded). */
  warmupS: number;
  /** Connections wrk keeps open, and calls the client loops keep in flight. */
  connections: number;
  /** `compression` to run the compression rows alone; undefined for the whole run. */
  only: "compression" | undefined;
  /** The repository root. */
  root: string;
  /** Scratch space: configs, logs, the database, request bodies (git-ignored). */
  work: string;
}

function integer(name: string, fallback: number, min: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${text}`);
  return value;
}

function only(): "compression" | undefined {
  const value = process.env["BENCH_ONLY"];
  if (value === undefined || value === "") return undefined;
  if (value !== "compression") throw new Error(`BENCH_ONLY must be compression (or unset), got ${value}`);
  return value;
}

export function loadSettings(): Settings {
  const root = resolve(__dirname, "../..");
  return {
    durationS: integer("BENCH_DURATION", 4, 1),
    rounds: integer("BENCH_ROUNDS", 3, 1),
    warmupS: integer("BENCH_WARMUP", 1, 0),
    connections: integer("BENCH_CONNECTIONS", 16, 1),
    only: only(),
    root,
    work: resolve(root, ".bench"),
  };
}
