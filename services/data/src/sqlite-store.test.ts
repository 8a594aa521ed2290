import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@starter/shared/server";
import { createSqliteDataStore } from "./sqlite-store";
import { CounterOverflow, type DataStore } from "./store";

const memoryStore = () => createSqliteDataStore(openDatabase({ file: ":memory:", busyTimeoutMs: 100 }));
const maxI64 = 2n ** 63n - 1n;

describe("the SQLite data store", () => {
  let store: DataStore;
  beforeEach(() => {
    store = memoryStore();
  });

  test("when a key is written, then its version starts at 1 and rises with each write", () => {
    expect(store.put("k", Buffer.from("one"))).toEqual({ key: "k", value: Buffer.from("one"), version: 1n });
    expect(store.put("k", Buffer.from("two"))).toEqual({ key: "k", value: Buffer.from("two"), version: 2n });
    expect(store.get("k")).toEqual({ key: "k", value: Buffer.from("two"), version: 2n });
  });

  test("keeps binary values byte for byte, empty ones too", () => {
    const bytes = Buffer.from([0, 255, 1, 254]);
    expect(store.put("bin", bytes).value).toEqual(bytes);
    expect(store.put("empty", Buffer.alloc(0)).value).toEqual(Buffer.alloc(0));
    expect(store.get("bin")?.value).toEqual(bytes);
  });

  test("when a key is removed, then it is gone and a second removal says so", () => {
    store.put("k", Buffer.from("v"));
    expect(store.remove("k")).toBe(true);
    expect(store.get("k")).toBeUndefined();
    expect(store.remove("k")).toBe(false);
  });

  test("counters start at 0 and add each delta, negative ones too", () => {
    expect(store.counter("c")).toBe(0n);
    expect(store.increment("c", 5n)).toBe(5n);
    expect(store.increment("c", -7n)).toBe(-2n);
    expect(store.counter("c")).toBe(-2n);
  });

  test("when an increment would overflow an i64, then it is refused and the counter is unchanged", () => {
    store.increment("c", maxI64);
    expect(() => store.increment("c", 1n)).toThrow(new CounterOverflow('counter "c" would overflow a signed 64-bit integer'));
    expect(store.counter("c")).toBe(maxI64);
  });
});

describe("two replicas sharing one database file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "data-store-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("see each other's writes, and their increments never get lost", () => {
    const open = () => createSqliteDataStore(openDatabase({ file: join(dir, "data.db"), busyTimeoutMs: 1000 }));
    const [a, b] = [open(), open()];
    a.put("k", Buffer.from("from a"));
    expect(b.get("k")).toEqual({ key: "k", value: Buffer.from("from a"), version: 1n });
    expect(b.put("k", Buffer.from("from b")).version).toBe(2n);
    for (let i = 0; i < 100; i++) {
      a.increment("c", 1n);
      b.increment("c", 2n);
    }
    expect(a.counter("c")).toBe(300n);
  });
});
