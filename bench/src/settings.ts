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

export function loadSettings(): Settings {
  const root = resolve(__dirname, "../..");
  return {
    durationS: integer("BENCH_DURATION", 4, 1),
    rounds: integer("BENCH_ROUNDS", 3, 1),
    warmupS: integer("BENCH_WARMUP", 1, 0),
    connections: integer("BENCH_CONNECTIONS", 16, 1),
    root,
    work: resolve(root, ".bench"),
  };
}
