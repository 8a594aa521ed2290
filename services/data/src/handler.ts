// DataService, as declared in data.thrift. Handlers speak the IDL's types only; the
// store behind them is injected, so tests use an in-memory database.
import { type DataServiceHandler, KeyNotFound } from "./gen/data";
import type { DataStore } from "./store";

export function createDataHandler(store: DataStore) {
  return {
    async ping() {},

    async get(key: string) {
      const entry = store.get(key);
      if (!entry) throw new KeyNotFound({ key, message: `no entry for key "${key}"` });
      return entry;
    },

    async put(key: string, value: Buffer) {
      return store.put(key, value);
    },

    async remove(key: string) {
      return store.remove(key);
    },

    async increment(key: string, delta: bigint) {
      return store.increment(key, delta);
    },

    // Oneway: the caller already has its answer; the runtime runs this afterwards and logs a failure.
    async incrementLater(key: string, delta: bigint) {
      store.increment(key, delta);
    },

    async counter(key: string) {
      return store.counter(key);
    },
  } satisfies DataServiceHandler;
}
