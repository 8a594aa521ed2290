// What the handler needs of storage, kept small so another backend (Postgres, Redis)
// can replace SQLite without touching the handler.
import type { Entry } from "./gen/data";

export interface DataStore {
  get(key: string): Entry | undefined;
  /** Writes the value; the version is 1 for a new key and one more on each write. */
  put(key: string, value: Buffer): Entry;
  /** True if the key existed. */
  remove(key: string): boolean;
  /** Adds `delta` to the counter (0 if new) atomically; returns the new value. */
  increment(key: string, delta: bigint): bigint;
  /** The counter's value, 0 if it was never incremented. */
  counter(key: string): bigint;
}

/** An increment would leave the signed 64-bit range of a Thrift i64. */
export class CounterOverflow extends Error {
  override readonly name = "CounterOverflow";
}
