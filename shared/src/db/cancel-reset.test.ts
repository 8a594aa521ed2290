// A statement cancelled by its call's signal: the connection it ran on is closed with a
// TCP reset, not a graceful close. On a network that holds the statement back (a
// partition), a graceful close leaves it in the kernel's send queue, and the server runs
// it once the network heals: after the caller got its 504, and after a later write the
// caller was told succeeded (the chaos probe's lost update).
import { createLogger } from "../server/logger";
import { databaseOn, startFakePostgres } from "./__fixtures__/fake-postgres";

test("When a statement's call is aborted Then the connection it ran on is closed with a reset", async () => {
  // The pool's SET search_path is answered; the statement is not.
  const server = await startFakePostgres({ answered: 1 });
  const db = databaseOn(server.port, createLogger({ level: "silent", name: "test" }));
  try {
    const outcome = await db.query("UPDATE users SET name = 'old'", undefined, AbortSignal.timeout(100)).then(
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
});
