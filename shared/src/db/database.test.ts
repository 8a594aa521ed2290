// The Database on the embedded PostgreSQL (and, for failures, on a server that is not
// there): transactions that queries join, cancellation by signal, fail-fast when the
// server cannot be reached, migrations. test/stack runs the parts that need a real server.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { createLogger } from "../server/logger";
import { createDatabase, type Database } from "./database";
import { DatabaseUnavailable, isConnectionFailure, isSaturation } from "./errors";
import { migrate } from "./migrate";
import { connectionOf, openDatabase } from "./open";

const logger = createLogger({ level: "silent", name: "test" });
const embedded = {
  url: "",
  password: "",
  tls: "off" as const,
  caFile: "",
  embeddedDir: "memory://",
  schema: "app",
  poolMax: 10,
  connectTimeoutMs: 2000,
  retryIntervalMs: 100,
  startupTimeoutMs: 1000,
};

describe("the embedded database", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(embedded, { logger });
    await db.query("CREATE TABLE t (n int NOT NULL)");
  }, 30_000);
  afterAll(() => db.close());
  beforeEach(() => db.query("TRUNCATE t"));
  const count = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM t")).rows[0]!.n;

  test("is migrated on open: shared/'s tables in the configured schema, recorded once", async () => {
    expect(db.embedded).toBe(true);
    const { rows } = await db.query("SELECT name FROM shared_migrations");
    expect(rows).toEqual([{ name: "001_oneway-calls" }]);
    await expect(migrate(db, "app", [], logger)).resolves.toEqual([]);
  });

  test("when a transaction's function resolves, then its queries, made through the database, commit together", async () => {
    await db.transaction(async () => {
      await db.query("INSERT INTO t VALUES (1)");
      await db.query("INSERT INTO t VALUES (2)");
    });
    expect(await count()).toBe(2);
  });

  test("when it rejects, then none of them is kept, and the error is the function's", async () => {
    const failure = new Error("changed my mind");
    await expect(
      db.transaction(async () => {
        await db.query("INSERT INTO t VALUES (1)");
        // Inside another transaction's function: the same transaction.
        await db.transaction(() => db.query("INSERT INTO t VALUES (2)"));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await count()).toBe(0);
  });

  test("when a query outlives its transaction, then it is refused rather than run outside it", async () => {
    let late: Promise<unknown> | undefined;
    await db.transaction(async () => {
      late = new Promise((resolve) => setTimeout(resolve, 10)).then(() => db.query("INSERT INTO t VALUES (9)"));
    });
    await expect(late).rejects.toThrow("The transaction this query belongs to is over");
    expect(await count()).toBe(0);
  });

  test("when a query's signal has aborted, then it rejects with the reason and does not run", async () => {
    const controller = new AbortController();
    controller.abort(new DOMException("The caller went away", "AbortError"));
    await expect(db.query("INSERT INTO t VALUES (1)", [], controller.signal)).rejects.toMatchObject({
      name: "AbortError",
    });
    await expect(db.transaction(() => db.query("INSERT INTO t VALUES (1)"), controller.signal)).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(await count()).toBe(0);
  });

  test("when a query's signal aborts while it waits for a connection, then that connection goes back once", async () => {
    // The one connection (embedded: a pool of 1) is held until `finish`.
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      let finish = () => {};
      let holding = () => {};
      const inside = new Promise<void>((resolve) => (holding = resolve));
      const held = db.transaction(() => {
        holding();
        return new Promise<void>((resolve) => (finish = resolve));
      });
      await inside;
      const controller = new AbortController();
      const waiting = db.query("INSERT INTO t VALUES (1)", [], controller.signal);
      controller.abort(new DOMException("The caller went away", "AbortError"));
      await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
      finish();
      await held;
      // The pool still hands out one working connection at a time.
      await Promise.all([db.query("INSERT INTO t VALUES (2)"), db.query("INSERT INTO t VALUES (3)")]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(await count()).toBe(2);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  test("notifications reach the listeners, on commit only", async () => {
    const heard: string[] = [];
    const listener = await db.listen("news", { onNotify: (payload) => heard.push(payload) });
    await db.transaction(async () => {
      await db.query("SELECT pg_notify('news', 'kept')");
    });
    await db
      .transaction(async () => {
        await db.query("SELECT pg_notify('news', 'dropped')");
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    await db.query("SELECT 1");
    await listener.close();
    expect(heard).toEqual(["kept"]);
  });
});

describe("a database server that cannot be reached", () => {
  /** A port nothing listens on. */
  const closedPort = () =>
    new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });

  test("fails the first query with DatabaseUnavailable, then every query at once, without trying to connect", async () => {
    const port = await closedPort();
    const db = createDatabase(
      {
        client: { connectionString: `postgres://app:secret@127.0.0.1:${port}/app` },
        poolMax: 2,
        schema: "app",
        connectTimeoutMs: 1000,
        retryIntervalMs: 60_000,
      },
      logger,
    );
    try {
      const first = await db.query("SELECT 1").catch((error: unknown) => error);
      expect(first).toBeInstanceOf(DatabaseUnavailable);
      expect((first as Error).message).toMatch(/^The database is unavailable \(ECONNREFUSED: /);
      expect((first as Error).message).not.toContain("secret");
      expect(db.available).toBe(false);
      const next = await db.query("SELECT 1").catch((error: unknown) => error);
      expect((next as Error).message).toMatch(/^The database is unavailable since .* \(ECONNREFUSED: /);
    } finally {
      await db.close();
    }
  });

  test("openDatabase keeps trying for startupTimeoutMs, then rejects with DatabaseUnavailable", async () => {
    const port = await closedPort();
    await expect(
      openDatabase({ ...embedded, url: `postgres://app@127.0.0.1:${port}/app`, startupTimeoutMs: 300 }, { logger }),
    ).rejects.toBeInstanceOf(DatabaseUnavailable);
  });
});

describe("telling failures apart", () => {
  test.each([
    [Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:5432"), { code: "ECONNREFUSED" }), true, false],
    [Object.assign(new Error("getaddrinfo ENOTFOUND db"), { code: "ENOTFOUND" }), true, false],
    [Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }), true, false],
    [Object.assign(new Error("the database system is starting up"), { code: "57P03" }), true, false],
    [Object.assign(new Error("connection failure"), { code: "08006" }), true, false],
    [new Error("Connection terminated unexpectedly"), true, false],
    [
      new Error("Connection terminated due to connection timeout", { cause: new Error("timeout expired") }),
      true,
      false,
    ],
    [new Error("timeout exceeded when trying to connect"), false, true],
    [Object.assign(new Error("sorry, too many clients already"), { code: "53300" }), false, true],
    [
      Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), { code: "23505" }),
      false,
      false,
    ],
    [Object.assign(new Error("canceling statement due to user request"), { code: "57014" }), false, false],
  ])("%s: down %s, saturated %s", (error, down, saturated) => {
    expect([isConnectionFailure(error), isSaturation(error)]).toEqual([down, saturated]);
  });
});

describe("connectionOf", () => {
  test("puts the password file's password into the URL, and verifies the server's certificate with the CA file when TLS is on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "db-ca-"));
    try {
      writeFileSync(join(dir, "ca.crt"), "-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n");
      const connection = await connectionOf({
        ...embedded,
        url: "postgres://app@db.example:5432/app",
        password: "p@ss/word",
        tls: "verify",
        caFile: join(dir, "ca.crt"),
      });
      expect(connection.client).toEqual({
        connectionString: "postgres://app:p%40ss%2Fword@db.example:5432/app",
        ssl: { rejectUnauthorized: true, ca: "-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n" },
      });
      expect(connection.poolMax).toBe(10);
      expect((await connectionOf({ ...embedded, url: "postgres://app:inline@db:5432/app" })).client).toEqual({
        connectionString: "postgres://app:inline@db:5432/app",
        ssl: false,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
