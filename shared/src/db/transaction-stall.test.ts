// A database connection that stops answering in a transaction (a network gone without a
// reset): without a bound, the statement waits for TCP to give up, about 15 minutes, and a
// durable oneway consumer with it, and a graceful shutdown behind that consumer. The
// oneway queue bounds its own statements, and the availability probe its SELECT 1 (a
// transaction's signal, its COMMIT included: cancel-reset.test.ts).
import { createLogger } from "../server/logger";
import { databaseOn, startFakePostgres, type CloseKind, type FakePostgres } from "./__fixtures__/fake-postgres";
import { createOnewayQueue } from "./oneway-queue";

const logger = createLogger({ level: "silent", name: "test" });

/** How each connection so far ended, "open" for one that has not. */
async function endings(server: FakePostgres): Promise<(CloseKind | "open")[]> {
  return Promise.all(server.closes.map((closed) => Promise.race([closed, Promise.resolve("open" as const)])));
}

test("When the database stops answering a oneway consumer Then its connection is reset within statementTimeoutMs, and stop does not wait for it", async () => {
  // Each connection answers two statements: the pool's SET search_path and BEGIN (the
  // consumer's), or LISTEN (the queue's listener). Taking a call gets no answer.
  const server = await startFakePostgres({ answered: 2 });
  const db = databaseOn(server.port, logger);
  const run = jest.fn(async () => undefined);
  const queue = createOnewayQueue(db, { logger, concurrency: 1, pollIntervalMs: 50, statementTimeoutMs: 200 });
  const consumer = queue.consume("data", run);
  try {
    while (!(await endings(server)).includes("reset")) await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    await consumer.stop();
    expect({ stoppedWithinMs: Date.now() - started < 1_000, runs: run.mock.calls.length }).toEqual({
      stoppedWithinMs: true,
      runs: 0,
    });
  } finally {
    await consumer.stop();
    await db.close().catch(() => undefined);
    await server.close();
  }
});

test("When the database is back but the probe's connection gets no answer Then the probe gives up in connectTimeoutMs and tries again on a new connection", async () => {
  const gone = await startFakePostgres({ answered: 0 });
  const { port } = gone;
  await gone.close();
  const db = databaseOn(port, logger, { connectTimeoutMs: 200, retryIntervalMs: 50 });
  // Refused: the database is found down, and probed from now on.
  const refused = await db.query("SELECT 1").then(
    () => "answered",
    (error: Error) => error.name,
  );
  // Back on the same port, answering SET search_path and nothing after it.
  const server = await startFakePostgres({ answered: 1, port });
  try {
    while ((await endings(server)).filter((kind) => kind === "reset").length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect({ refused, available: db.available }).toEqual({ refused: "DatabaseUnavailable", available: false });
  } finally {
    await db.close().catch(() => undefined);
    await server.close();
  }
});
