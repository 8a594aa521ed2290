// The data service's storage on a real PostgreSQL server (a container of this file's own):
// the same store suite the unit tests run on the embedded database, then what only a
// server with many connections shows: replicas migrating at once, a cancelled call's
// statement stopped on the server, and the durable oneway queue applying each call exactly
// once while consumers on two replicas race and one of them dies mid-call.
import { setTimeout as sleep } from "node:timers/promises";
import type { StoredOnewayCall } from "@starter/shared/core";
import { createOnewayQueue, type Database } from "@starter/shared/db";
import { createLogger } from "@starter/shared/server";
import { describeDataStore } from "@starter/data/__fixtures__/store-contract";
import { migrations } from "@starter/data/migrations";
import { createPgDataStore } from "@starter/data/pg-store";
import { startTestServer, type TestServer } from "./postgres";
import { eventually } from "./replicas";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(() => server.stop());

let a: Database | undefined;
let b: Database | undefined;
describeDataStore("PostgreSQL", {
  async open() {
    a ??= await server.open("data", migrations);
    await a.query("TRUNCATE entries, counters");
    return createPgDataStore(a);
  },
  // A second pool on the same database: another replica.
  async reopen() {
    b ??= await server.open("data", migrations);
    return createPgDataStore(b);
  },
});

describe("When several replicas start at once on a new database", () => {
  test("Then each migration runs once, and every replica starts", async () => {
    const replicas = await Promise.all(Array.from({ length: 4 }, () => server.open("racing", migrations)));
    expect(replicas).toHaveLength(4);
    expect(await server.sql("SELECT string_agg(name, ',' ORDER BY id) FROM racing.migrations")).toBe(
      "001_entries-and-counters",
    );
    expect(await server.sql("SELECT string_agg(name, ',' ORDER BY id) FROM racing.shared_migrations")).toBe(
      "001_oneway-calls",
    );
  });
});

describe("When a call's signal aborts while its statement runs", () => {
  test("Then the statement is cancelled on the server, and the query rejects with the reason", async () => {
    const db = await server.open("data", migrations);
    const controller = new AbortController();
    const reason = new DOMException("The call's deadline passed", "TimeoutError");
    const running = db.query("SELECT pg_sleep(60), 'cancel-me'", [], controller.signal);
    const sleeping = () =>
      server.sql(
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%cancel-me%' AND state = 'active' AND pid <> pg_backend_pid()",
      );
    expect(await eventually(async () => ((await sleeping()) === "1" ? true : undefined))).toBe(true);
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect(await eventually(async () => ((await sleeping()) === "0" ? true : undefined))).toBe(true);
    // The pool goes on: the cancelled connection was closed, not handed to the next query.
    await expect(db.query("SELECT 1 AS one")).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });
});

describe("The durable oneway queue on two replicas", () => {
  const logger = createLogger({ level: "silent", name: "data" });
  const call = (n: number): StoredOnewayCall => ({
    service: "Test",
    method: "apply",
    protocol: "binary",
    message: Buffer.from(String(n)),
    requestId: `call-${n}`,
    identity: undefined,
  });

  /** Two replicas on schema `schema`, with a table recording each call's effect. */
  async function replicas(schema: string) {
    const dbs = [await server.open(schema, migrations), await server.open(schema, migrations)];
    await dbs[0]!.query("CREATE TABLE applied (request_id text NOT NULL, replica int NOT NULL)");
    return dbs;
  }

  test("When calls race between their consumers Then each is applied exactly once, and none is left", async () => {
    const dbs = await replicas("race");
    const consumers = dbs.map((db, replica) =>
      createOnewayQueue(db, { logger, concurrency: 4, pollIntervalMs: 100 }).consume("Test", async (kept) => {
        await db.query("INSERT INTO applied VALUES ($1, $2)", [kept.requestId, replica]);
      }),
    );
    const store = createOnewayQueue(dbs[0]!, { logger });
    await Promise.all(Array.from({ length: 200 }, (_, n) => store.add(call(n))));
    const done = await eventually(async () =>
      (await server.sql("SELECT count(*) FROM race.oneway_calls")) === "0" ? true : undefined,
    );
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    expect(done).toBe(true);
    expect(
      await server.sql("SELECT count(*), count(DISTINCT request_id), count(DISTINCT replica) FROM race.applied"),
    ).toBe("200|200|2");
  });

  test("When a replica dies in the middle of a call Then the call's effect is rolled back with it, and another replica applies it once", async () => {
    const [dying, survivor] = await replicas("crash");
    let started!: () => void;
    const inHand = new Promise<void>((resolve) => (started = resolve));
    const hang = new AbortController();
    const hung = createOnewayQueue(dying!, { logger, concurrency: 1, pollIntervalMs: 100 }).consume(
      "Test",
      async (kept) => {
        await dying!.query("INSERT INTO applied VALUES ($1, 0)", [kept.requestId]);
        started();
        // The replica hangs here, its transaction open, until its connection is cut.
        await sleep(60_000, undefined, { signal: hang.signal });
      },
    );
    await createOnewayQueue(dying!, { logger }).add(call(1));
    await inHand;
    // The replica "dies": the server loses its connection, as when a container is killed.
    await server.sql(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'app' AND state = 'idle in transaction'",
    );
    const consumer = createOnewayQueue(survivor!, { logger, concurrency: 1, pollIntervalMs: 100 }).consume(
      "Test",
      async (kept) => {
        await survivor!.query("INSERT INTO applied VALUES ($1, 1)", [kept.requestId]);
      },
    );
    const done = await eventually(async () =>
      (await server.sql("SELECT count(*) FROM crash.oneway_calls")) === "0" ? true : undefined,
    );
    await consumer.stop();
    hang.abort();
    await hung.stop();
    expect(done).toBe(true);
    expect(await server.sql("SELECT string_agg(request_id || '@' || replica, ',') FROM crash.applied")).toBe(
      "call-1@1",
    );
  });
});
