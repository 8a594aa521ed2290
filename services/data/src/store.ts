// What the handler needs of storage, kept small so that the handler knows nothing of SQL.
// Every operation takes the call it serves (the handler's context): a call whose deadline
// passes, or whose caller goes away, cancels its statement through the call's signal.
import type { CallContext } from "@starter/shared/server";
import type { Entry } from "./gen/data";

/** The call an operation serves; its signal is read only when a statement runs. */
export type ForCall = Pick<CallContext, "signal">;

export interface DataStore {
  get(key: string, call?: ForCall): Promise<Entry | undefined>;
  /** Writes the value; the version is 1 for a new key and one more on each write. */
  put(key: string, value: Buffer, call?: ForCall): Promise<Entry>;
  /** True if the key existed. */
  remove(key: string, call?: ForCall): Promise<boolean>;
  /** Adds `delta` to the counter (0 if new) atomically; resolves with the new value. */
  increment(key: string, delta: bigint, call?: ForCall): Promise<bigint>;
  /** The counter's value, 0 if it was never incremented. */
  counter(key: string, call?: ForCall): Promise<bigint>;
}

/** An increment would leave the signed 64-bit range of a Thrift i64. */
export class CounterOutOfRange extends Error {
  override readonly name = "CounterOutOfRange";
}
