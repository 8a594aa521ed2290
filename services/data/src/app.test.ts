// The data service over real HTTP through the generated client, with the service's
// own test configuration (an in-memory database, fake credentials).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApplicationError, createClient, type ThriftClient } from "@starter/shared/client";
import { createLogger, loadConfigFiles, openDatabase, serve, type RunningServer } from "@starter/shared/server";
import { createApp } from "./app";
import { loadDataConfig } from "./config";
import { DataService, KeyNotFound, type DataServiceClient } from "./gen/data";
import { createSqliteDataStore } from "./sqlite-store";

const settings = loadDataConfig(loadConfigFiles(join(__dirname, "../config"), "test"));
const lines: Record<string, unknown>[] = [];
const logger = createLogger({ level: "info", name: "data", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });

/** A replica serving the database at `file`, and a client of it. */
async function startReplica(file: string) {
  const db = openDatabase({ ...settings.storage, file });
  const running = await serve(createApp({ ...settings, logger, store: createSqliteDataStore(db) }), {
    ...settings,
    logger,
    signals: [],
    onClose: () => db.close(),
  });
  const client = createClient(DataService, { url: `${running.url}/data`, auth: { bearer: "test-token" } });
  return { running, client };
}

const replicas: { running: RunningServer; client: ThriftClient<DataServiceClient> }[] = [];
async function replica(file = settings.storage.file) {
  const started = await startReplica(file);
  replicas.push(started);
  return started.client;
}
afterEach(async () => {
  for (const { running, client } of replicas.splice(0)) {
    await client.close();
    await running.shutdown("test over");
  }
  lines.length = 0;
});

describe("the data service", () => {
  test("answers every method through the generated client", async () => {
    const data = await replica();
    await expect(data.ping()).resolves.toBeUndefined();
    await expect(data.put("greeting", Buffer.from("hello"))).resolves.toEqual({ key: "greeting", value: Buffer.from("hello"), version: 1n });
    await expect(data.put("greeting", Buffer.from("hi"))).resolves.toEqual({ key: "greeting", value: Buffer.from("hi"), version: 2n });
    await expect(data.get("greeting")).resolves.toEqual({ key: "greeting", value: Buffer.from("hi"), version: 2n });
    await expect(data.remove("greeting")).resolves.toBe(true);
    await expect(data.remove("greeting")).resolves.toBe(false);
    await expect(data.increment("visits", 40n)).resolves.toBe(40n);
    await expect(data.incrementLater("visits", 2n)).resolves.toBeUndefined();
    await expect(data.counter("visits")).resolves.toBe(42n);
  });

  test("when a key is missing, then the caller gets KeyNotFound with the key and message", async () => {
    const data = await replica();
    const failure = await data.get("nope").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KeyNotFound);
    expect(failure).toMatchObject({ key: "nope", message: 'no entry for key "nope"' });
    expect(lines).toContainEqual(expect.objectContaining({ msg: "call", method: "get", outcome: "exception" }));
  });

  test("when a counter would overflow, then the caller gets an internal error and the log says why", async () => {
    const data = await replica();
    await data.increment("c", 2n ** 63n - 1n);
    const failure = await data.increment("c", 1n).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationError);
    expect((failure as Error).message).toBe("Internal error");
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: "call failed",
        method: "increment",
        err: expect.objectContaining({ type: "CounterOverflow", message: 'counter "c" would overflow a signed 64-bit integer' }),
      }),
    );
    await expect(data.counter("c")).resolves.toBe(2n ** 63n - 1n);
  });

  test("replicas sharing one database file serve one consistent store", async () => {
    const dir = mkdtempSync(join(tmpdir(), "data-replicas-"));
    try {
      const [a, b] = [await replica(join(dir, "data.db")), await replica(join(dir, "data.db"))];
      await a.put("k", Buffer.from("through a"));
      await expect(b.get("k")).resolves.toEqual({ key: "k", value: Buffer.from("through a"), version: 1n });
      await Promise.all([a.increment("n", 1n), b.increment("n", 1n), a.incrementLater("n", 1n), b.incrementLater("n", 1n)]);
      for (const { running, client } of replicas.splice(0)) {
        await client.close();
        expect(await running.shutdown("test over")).toBe(0);
      }
      const db = openDatabase({ file: join(dir, "data.db"), busyTimeoutMs: 0 });
      expect(createSqliteDataStore(db).counter("n")).toBe(4n);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
