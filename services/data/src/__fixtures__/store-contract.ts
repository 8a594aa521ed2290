// What every DataStore must do, as one suite: run by pg-store.test.ts on the embedded
// database, and by test/stack/database.test.ts on a real PostgreSQL server, so the one
// implementation is proven on both.
import { CounterOutOfRange, type DataStore } from "../store";

const maxI64 = 2n ** 63n - 1n;

/** `open` gives a store on an empty database; `reopen` another store on the same one (a second replica). */
export function describeDataStore(
  name: string,
  stores: { open(): Promise<DataStore>; reopen(): Promise<DataStore> },
): void {
  describe(`the data store (${name})`, () => {
    let store: DataStore;
    beforeEach(async () => {
      store = await stores.open();
    });

    test("when a key is written, then its version starts at 1 and rises with each write", async () => {
      await expect(store.put("k", Buffer.from("one"))).resolves.toEqual({
        key: "k",
        value: Buffer.from("one"),
        version: 1n,
      });
      await expect(store.put("k", Buffer.from("two"))).resolves.toEqual({
        key: "k",
        value: Buffer.from("two"),
        version: 2n,
      });
      await expect(store.get("k")).resolves.toEqual({ key: "k", value: Buffer.from("two"), version: 2n });
    });

    test("keeps binary values byte for byte, empty ones too", async () => {
      const bytes = Buffer.from([0, 255, 1, 254]);
      expect((await store.put("bin", bytes)).value).toEqual(bytes);
      expect((await store.put("empty", Buffer.alloc(0))).value).toEqual(Buffer.alloc(0));
      expect((await store.get("bin"))?.value).toEqual(bytes);
    });

    test("keeps any key a Thrift string may hold: empty, NUL, astral characters, longer than an index entry", async () => {
      const keys = ["", "a\u0000b", "é😀", "k".repeat(100_000)];
      for (const key of keys) await store.put(key, Buffer.from(key.slice(0, 10)));
      for (const key of keys)
        await expect(store.get(key)).resolves.toEqual({ key, value: Buffer.from(key.slice(0, 10)), version: 1n });
      for (const key of keys) await expect(store.increment(key, 3n)).resolves.toBe(3n);
      await expect(store.get("a")).resolves.toBeUndefined();
    });

    test("when a key is removed, then it is gone and a second removal says so", async () => {
      await store.put("k", Buffer.from("v"));
      await expect(store.remove("k")).resolves.toBe(true);
      await expect(store.get("k")).resolves.toBeUndefined();
      await expect(store.remove("k")).resolves.toBe(false);
    });

    test("counters start at 0 and add each delta, negative ones too", async () => {
      await expect(store.counter("c")).resolves.toBe(0n);
      await expect(store.increment("c", 5n)).resolves.toBe(5n);
      await expect(store.increment("c", -7n)).resolves.toBe(-2n);
      await expect(store.counter("c")).resolves.toBe(-2n);
    });

    test("when an increment would overflow an i64, then it is refused and the counter is unchanged", async () => {
      await store.increment("c", maxI64);
      await expect(store.increment("c", 1n)).rejects.toThrow(
        new CounterOutOfRange('counter "c" would overflow a signed 64-bit integer'),
      );
      await store.increment("d", -maxI64 - 1n);
      await expect(store.increment("d", -1n)).rejects.toThrow(CounterOutOfRange);
      await expect(store.counter("c")).resolves.toBe(maxI64);
    });

    test("when a call is cancelled, then its statement rejects with the reason at once", async () => {
      const controller = new AbortController();
      const reason = new DOMException("The call's deadline passed", "TimeoutError");
      controller.abort(reason);
      await expect(store.put("k", Buffer.from("v"), { signal: controller.signal })).rejects.toBe(reason);
      await expect(store.get("k")).resolves.toBeUndefined();
    });

    test("two replicas on one database see each other's writes, and concurrent increments never get lost", async () => {
      const other = await stores.reopen();
      await store.put("k", Buffer.from("from a"));
      await expect(other.get("k")).resolves.toEqual({ key: "k", value: Buffer.from("from a"), version: 1n });
      await expect(other.put("k", Buffer.from("from b"))).resolves.toMatchObject({ version: 2n });
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? store : other).increment("c", BigInt(i % 2) + 1n)),
      );
      await expect(store.counter("c")).resolves.toBe(75n);
    });
  });
}
