// A statement cancelled by its call's signal: the connection it ran on is closed with a
// TCP reset, not a graceful close. On a network that holds the statement back (a
// partition), a graceful close leaves it in the kernel's send queue, and the server runs
// it once the network heals: after the caller got its 504, and after a later write the
// caller was told succeeded (the chaos probe's lost update). A transaction's signal bounds
// its COMMIT as a query's signal bounds the query.
import { createLogger } from "../server/logger";
import { databaseOn, startFakePostgres } from "./__fixtures__/fake-postgres";
import type { Database } from "./database";

test.each<[string, number, (db: Database, signal: AbortSignal) => Promise<unknown>]>([
  // The pool's SET search_path is answered; the statement is not.
  ["a statement's call", 1, (db, signal) => db.query("UPDATE users SET name = 'old'", undefined, signal)],
  // SET search_path, BEGIN and the query are answered; COMMIT is not.
  [
    "a transaction's signal, at COMMIT,",
    3,
    (db, signal) => db.transaction(async () => void (await db.query("UPDATE t SET n = 1")), signal),
  ],
])(
  "When %s is aborted Then it rejects, and the connection it ran on is closed with a reset",
  async (_case, answered, run) => {
    const server = await startFakePostgres({ answered });
    const db = databaseOn(server.port, createLogger({ level: "silent", name: "test" }));
    try {
      const outcome = await run(db, AbortSignal.timeout(150)).then(
        () => "done",
        (error: Error) => error.name,
      );
      expect({ outcome, closes: await Promise.all(server.closes) }).toEqual({
        outcome: "TimeoutError",
        closes: ["reset"],
      });
    } finally {
      await db.close().catch(() => undefined);
      await server.close();
    }
  },
);
