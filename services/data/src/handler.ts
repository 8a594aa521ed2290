// DataService, as declared in data.thrift. Handlers speak the IDL's types only; the
// store behind them is injected. Each passes its call's context on, so that a call past
// its deadline, or whose caller went away, cancels its statement.
import type { CallContext } from "@starter/shared/server";
import { CounterOverflow, type DataServiceHandler, KeyNotFound } from "./gen/data";
import { CounterOutOfRange, type DataStore } from "./store";

export function createDataHandler(store: DataStore) {
  return {
    async ping() {},

    async get(key: string, ctx: CallContext) {
      const entry = await store.get(key, ctx);
      if (!entry) throw new KeyNotFound({ key, message: `no entry for key "${key}"` });
      return entry;
    },

    async put(key: string, value: Buffer, ctx: CallContext) {
      return store.put(key, value, ctx);
    },

    async remove(key: string, ctx: CallContext) {
      return store.remove(key, ctx);
    },

    async increment(key: string, delta: bigint, ctx: CallContext) {
      try {
        return await store.increment(key, delta, ctx);
      } catch (error) {
        if (error instanceof CounterOutOfRange) throw new CounterOverflow({ key, message: error.message });
        throw error;
      }
    },

    // Durable oneway (data.thrift): the call was kept in the database before its caller
    // was answered; a replica's consumer runs this in the transaction that completes the
    // call, so the increment is applied exactly once.
    async incrementLater(key: string, delta: bigint, ctx: CallContext) {
      await store.increment(key, delta, ctx);
    },

    async counter(key: string, ctx: CallContext) {
      return store.counter(key, ctx);
    },
  } satisfies DataServiceHandler;
}
