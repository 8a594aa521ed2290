// The data service over real HTTP through the generated client, with the service's own
// test configuration (the embedded database, fake credentials).
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient, type ThriftClient } from "@starter/shared/client";
import { openDatabase, type Database } from "@starter/shared/db";
import { createLogger, loadConfigFiles, serve, type RunningServer } from "@starter/shared/server";
import { createApp } from "./app";
import { loadDataConfig } from "./config";
import { CounterOverflow, DataService, KeyNotFound, type DataServiceClient } from "./gen/data";
import { migrations } from "./migrations";

const settings = loadDataConfig(loadConfigFiles(join(__dirname, "../config"), "test"));
const lines: Record<string, unknown>[] = [];
const logger = createLogger({
  level: "info",
  name: "data",
  destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
});

let db: Database;
beforeAll(async () => {
  db = await openDatabase(settings.database, { logger, migrations });
}, 30_000);
afterAll(() => db.close());

/** A replica serving the database, and a client of it. */
async function startReplica() {
  const running = await serve(createApp(settings, logger, db), { ...settings, logger, signals: [] });
  const client = createClient(DataService, { url: `${running.url}/data`, auth: { bearer: "test-token" } });
  return { running, client };
}

const replicas: { running: RunningServer; client: ThriftClient<DataServiceClient> }[] = [];
async function replica() {
  const started = await startReplica();
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

/** Polls (bounded) until the counter reaches `value`; resolves with what it last read. */
async function counterReaches(data: ThriftClient<DataServiceClient>, key: string, value: bigint): Promise<bigint> {
  let read = await data.counter(key);
  for (let attempt = 0; read !== value && attempt < 100; attempt++) {
    await sleep(50);
    read = await data.counter(key);
  }
  return read;
}

describe("the data service", () => {
  test("answers every method through the generated client", async () => {
    const data = await replica();
    await expect(data.ping()).resolves.toBeUndefined();
    await expect(data.put("greeting", Buffer.from("hello"))).resolves.toEqual({
      key: "greeting",
      value: Buffer.from("hello"),
      version: 1n,
    });
    await expect(data.put("greeting", Buffer.from("hi"))).resolves.toEqual({
      key: "greeting",
      value: Buffer.from("hi"),
      version: 2n,
    });
    await expect(data.get("greeting")).resolves.toEqual({ key: "greeting", value: Buffer.from("hi"), version: 2n });
    await expect(data.remove("greeting")).resolves.toBe(true);
    await expect(data.remove("greeting")).resolves.toBe(false);
    await expect(data.increment("visits", 40n)).resolves.toBe(40n);
    await expect(data.incrementLater("visits", 2n)).resolves.toBeUndefined();
    await expect(counterReaches(data, "visits", 42n)).resolves.toBe(42n);
  });

  test("when a key is missing, then the caller gets KeyNotFound with the key and message", async () => {
    const data = await replica();
    const failure = await data.get("nope").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KeyNotFound);
    expect(failure).toMatchObject({ key: "nope", message: 'no entry for key "nope"' });
    expect(lines).toContainEqual(expect.objectContaining({ msg: "call", method: "get", outcome: "exception" }));
  });

  test("when a counter would overflow, then the caller gets CounterOverflow, the counter is unchanged, and the log says it was the caller's", async () => {
    const data = await replica();
    await data.increment("c", 2n ** 63n - 1n);
    const failure = await data.increment("c", 1n).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CounterOverflow);
    expect(failure).toMatchObject({ key: "c", message: 'counter "c" would overflow a signed 64-bit integer' });
    expect(lines).toContainEqual(expect.objectContaining({ msg: "call", method: "increment", outcome: "exception" }));
    expect(lines.filter((line) => line["msg"] === "call failed")).toEqual([]);
    await expect(data.counter("c")).resolves.toBe(2n ** 63n - 1n);
  });

  test("replicas sharing one database serve one consistent store, and every accepted incrementLater is applied once", async () => {
    const [a, b] = [await replica(), await replica()];
    await a.put("k", Buffer.from("through a"));
    await expect(b.get("k")).resolves.toEqual({ key: "k", value: Buffer.from("through a"), version: 1n });
    await Promise.all([
      a.increment("n", 1n),
      b.increment("n", 1n),
      a.incrementLater("n", 1n),
      b.incrementLater("n", 1n),
    ]);
    await expect(counterReaches(a, "n", 4n)).resolves.toBe(4n);
    const runs = lines.filter((line) => line["msg"] === "oneway call done" && line["method"] === "incrementLater");
    expect(runs).toHaveLength(2);
    for (const { running, client } of replicas.splice(0)) {
      await client.close();
      expect(await running.shutdown("test over")).toBe(0);
    }
    const { rows } = await db.query("SELECT count(*)::int AS left FROM oneway_calls");
    expect(rows).toEqual([{ left: 0 }]);
  });
});
