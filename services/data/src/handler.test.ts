// The DataService handler on the embedded database: each method's answer and exception,
// versions per write, and oneway increments.
import { join } from "node:path";
import { openDatabase, type Database } from "@starter/shared/db";
import { createLogger, loadConfigFiles, type CallContext } from "@starter/shared/server";
import { loadDataConfig } from "./config";
import { KeyNotFound } from "./gen/data";
import { createDataHandler } from "./handler";
import { migrations } from "./migrations";
import { createPgDataStore } from "./pg-store";

const settings = loadDataConfig(loadConfigFiles(join(__dirname, "../config"), "test"));
let db: Database;
let data: ReturnType<typeof createDataHandler>;
beforeAll(async () => {
  db = await openDatabase(settings.database, { logger: createLogger({ level: "silent", name: "data" }), migrations });
}, 30_000);
afterAll(() => db.close());
beforeEach(async () => {
  await db.query("TRUNCATE entries, counters");
  data = createDataHandler(createPgDataStore(db));
});

/** A handler's context: what the runtime passes after the IDL arguments. */
const ctx = (signal = new AbortController().signal): CallContext => ({
  requestId: "r",
  deadline: Date.now() + 1000,
  signal,
  identity: undefined,
  headers: {},
});

describe("the DataService handler", () => {
  test("ping answers with nothing", async () => {
    await expect(data.ping()).resolves.toBeUndefined();
  });

  test("when a key was put, then get returns its entry, versioned per write", async () => {
    await expect(data.put("k", Buffer.from("a"), ctx())).resolves.toEqual({
      key: "k",
      value: Buffer.from("a"),
      version: 1n,
    });
    await data.put("k", Buffer.from("b"), ctx());
    await expect(data.get("k", ctx())).resolves.toEqual({ key: "k", value: Buffer.from("b"), version: 2n });
  });

  test("when a key is missing, then get throws KeyNotFound naming it", async () => {
    const failure = await data.get("nope", ctx()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KeyNotFound);
    expect(failure).toMatchObject({ key: "nope", message: 'no entry for key "nope"' });
  });

  test("remove tells whether the key existed", async () => {
    await data.put("k", Buffer.from("a"), ctx());
    await expect(data.remove("k", ctx())).resolves.toBe(true);
    await expect(data.remove("k", ctx())).resolves.toBe(false);
  });

  test("increment returns the new value; incrementLater adds the same way; counter reads it", async () => {
    await expect(data.increment("c", 2n, ctx())).resolves.toBe(2n);
    await expect(data.incrementLater("c", 3n, ctx())).resolves.toBeUndefined();
    await expect(data.counter("c", ctx())).resolves.toBe(5n);
    await expect(data.counter("never", ctx())).resolves.toBe(0n);
  });

  test("when the call's signal has aborted, then its statement is not run and the handler rejects with the reason", async () => {
    const controller = new AbortController();
    controller.abort(new DOMException("The caller went away", "AbortError"));
    await expect(data.increment("c", 1n, ctx(controller.signal))).rejects.toMatchObject({ name: "AbortError" });
    await expect(data.counter("c", ctx())).resolves.toBe(0n);
  });
});
