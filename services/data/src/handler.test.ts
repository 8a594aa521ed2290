import { openDatabase } from "@starter/shared/server";
import { KeyNotFound } from "./gen/data";
import { createDataHandler } from "./handler";
import { createSqliteDataStore } from "./sqlite-store";

let data: ReturnType<typeof createDataHandler>;
beforeEach(() => {
  data = createDataHandler(createSqliteDataStore(openDatabase({ file: ":memory:", busyTimeoutMs: 0 })));
});

describe("the DataService handler", () => {
  test("ping answers with nothing", async () => {
    await expect(data.ping()).resolves.toBeUndefined();
  });

  test("when a key was put, then get returns its entry, versioned per write", async () => {
    await expect(data.put("k", Buffer.from("a"))).resolves.toEqual({ key: "k", value: Buffer.from("a"), version: 1n });
    await data.put("k", Buffer.from("b"));
    await expect(data.get("k")).resolves.toEqual({ key: "k", value: Buffer.from("b"), version: 2n });
  });

  test("when a key is missing, then get throws KeyNotFound naming it", async () => {
    const failure = await data.get("nope").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KeyNotFound);
    expect(failure).toMatchObject({ key: "nope", message: 'no entry for key "nope"' });
  });

  test("remove tells whether the key existed", async () => {
    await data.put("k", Buffer.from("a"));
    await expect(data.remove("k")).resolves.toBe(true);
    await expect(data.remove("k")).resolves.toBe(false);
  });

  test("increment returns the new value; incrementLater adds the same way; counter reads it", async () => {
    await expect(data.increment("c", 2n)).resolves.toBe(2n);
    await expect(data.incrementLater("c", 3n)).resolves.toBeUndefined();
    await expect(data.counter("c")).resolves.toBe(5n);
    await expect(data.counter("never")).resolves.toBe(0n);
  });
});
