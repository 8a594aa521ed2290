// The durable oneway queue on the embedded database: calls kept by `add` are run once, in
// the transaction that deletes them; a failing call is rolled back, retried, then kept as
// failed; `stop` takes no more calls and waits for the one in hand. The races between
// replicas and a replica dying mid-call need a server: test/stack/data.repository.test.ts.
import { captureLogs } from "../server/__fixtures__/log-lines";
import { createLogger } from "../server/logger";
import type { StoredOnewayCall } from "../core/durable-oneway";
import type { Database } from "./database";
import { createOnewayQueue } from "./oneway-queue";
import { openDatabase } from "./open";

const logger = createLogger({ level: "silent", name: "test" });
let db: Database;
beforeAll(async () => {
  db = await openDatabase(
    {
      url: "",
      password: "",
      tls: "off",
      caFile: "",
      embeddedDir: "memory://",
      schema: "queue",
      poolMax: 1,
      connectTimeoutMs: 5000,
      retryIntervalMs: 100,
      startupTimeoutMs: 5000,
    },
    { logger },
  );
  await db.query("CREATE TABLE effects (request_id text NOT NULL)");
}, 30_000);
afterAll(() => db.close());
beforeEach(() => db.query("TRUNCATE effects, oneway_calls"));

const call = (requestId: string): StoredOnewayCall => ({
  service: "S",
  method: "m",
  protocol: "binary",
  message: Buffer.from(requestId),
  requestId,
  identity: "ann",
});
const effects = async () =>
  (await db.query<{ request_id: string }>("SELECT request_id FROM effects ORDER BY request_id")).rows.map(
    (row) => row.request_id,
  );
const left = async () =>
  (
    await db.query<{ request_id: string; attempts: number; failed: boolean }>(
      "SELECT request_id, attempts, failed_at IS NOT NULL AS failed FROM oneway_calls",
    )
  ).rows;

/** Polls (bounded) until `check` holds. */
async function until(check: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe("the durable oneway queue", () => {
  test("runs each kept call once, its effect and its deletion committed together, with its request id and identity", async () => {
    const queue = createOnewayQueue(db, { logger, pollIntervalMs: 50 });
    const seen: StoredOnewayCall[] = [];
    const consumer = queue.consume("S", async (kept) => {
      seen.push(kept);
      await db.query("INSERT INTO effects VALUES ($1)", [kept.requestId]);
    });
    await queue.add(call("a"));
    await queue.add(call("b"));
    await queue.add({ ...call("other"), service: "T" });
    expect(await until(async () => (await effects()).length === 2)).toBe(true);
    await consumer.stop();
    expect({ effects: await effects(), left: await left(), seen: seen.map((kept) => kept.requestId).sort() }).toEqual({
      effects: ["a", "b"],
      left: [{ request_id: "other", attempts: 0, failed: false }],
      seen: ["a", "b"],
    });
    expect(seen[0]).toEqual(call(seen[0]!.requestId));
  });

  test("when a call fails, then its writes are rolled back, it is retried, and after maxAttempts it is kept as failed", async () => {
    const logs = captureLogs("info");
    const queue = createOnewayQueue(db, { logger: logs.logger, pollIntervalMs: 20, retryDelayMs: 1, maxAttempts: 3 });
    let runs = 0;
    const consumer = queue.consume("S", async (kept) => {
      runs++;
      await db.query("INSERT INTO effects VALUES ($1)", [kept.requestId]);
      throw new Error("not today");
    });
    await queue.add(call("doomed"));
    expect(await until(async () => (await left())[0]?.failed === true)).toBe(true);
    await consumer.stop();
    expect({ runs, effects: await effects(), left: await left() }).toEqual({
      runs: 3,
      effects: [],
      left: [{ request_id: "doomed", attempts: 3, failed: true }],
    });
    const { rows } = await db.query("SELECT last_error FROM oneway_calls");
    expect(rows).toEqual([{ last_error: "Error: not today" }]);
    // Its stack once, when it is given up: a call that always fails is not a flood of stacks.
    const failures = logs.lines
      .filter((line) => line["requestId"] === "doomed")
      .map(({ level, msg, attempt, willRetry, error, err }) => ({
        level,
        msg,
        attempt,
        willRetry,
        error,
        stack: typeof (err as { stack?: unknown })?.stack,
      }));
    const retried = "oneway call failed: it will be retried";
    expect(failures).toEqual([
      { level: 40, msg: retried, attempt: 1, willRetry: true, error: "Error: not today", stack: "undefined" },
      { level: 40, msg: retried, attempt: 2, willRetry: true, error: "Error: not today", stack: "undefined" },
      {
        level: 50,
        msg: "oneway call failed for the last time: kept in oneway_calls, marked failed",
        attempt: 3,
        willRetry: false,
        error: undefined,
        stack: "string",
      },
    ]);
  });

  test("when it stops with a call in hand, then it finishes that call, and takes no other", async () => {
    const queue = createOnewayQueue(db, { logger, concurrency: 1, pollIntervalMs: 20 });
    let release!: () => void;
    let started!: () => void;
    const inHand = new Promise<void>((resolve) => (started = resolve));
    // Both kept first: the embedded database has one connection, which the call in hand holds.
    await queue.add(call("first"));
    await queue.add(call("second"));
    const consumer = queue.consume("S", async (kept) => {
      started();
      await new Promise<void>((resolve) => (release = resolve));
      await db.query("INSERT INTO effects VALUES ($1)", [kept.requestId]);
    });
    await inHand;
    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect({ effects: await effects(), left: (await left()).map((row) => row.request_id) }).toEqual({
      effects: ["first"],
      left: ["second"],
    });
  });
});
