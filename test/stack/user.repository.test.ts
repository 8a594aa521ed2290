// The user service's storage on a real PostgreSQL server (a container of this file's own):
// the repository suite the unit tests run on the embedded database, then the caches of two
// replicas (two pools, each listening on a connection of its own) kept coherent by the
// database's notifications, including across a lost listening connection.
import { listenerName, type Database, type Listener } from "@starter/shared/db";
import { createLogger } from "@starter/shared/server";
import { describeUserRepository } from "@starter/user/__fixtures__/repository-contract";
import { listenForChanges, usersChannel, withCache, type CachedUserRepository } from "@starter/user/cached-repository";
import { Role } from "@starter/user/gen/user";
import { migrations } from "@starter/user/migrations";
import { createPgUserRepository } from "@starter/user/pg-repository";
import { startTestServer, type TestServer } from "./postgres";
import { eventually } from "./replicas";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(() => server.stop());

let a: Database | undefined;
let b: Database | undefined;
describeUserRepository("PostgreSQL", {
  async open() {
    a ??= await server.open("user", migrations);
    await a.query("TRUNCATE users RESTART IDENTITY");
    return createPgUserRepository(a);
  },
  async reopen() {
    b ??= await server.open("user", migrations);
    return createPgUserRepository(b);
  },
});

describe("Two replicas' caches, each on its own pool", () => {
  const logger = createLogger({ level: "silent", name: "user" });
  const listeners: Listener[] = [];
  afterAll(async () => {
    for (const listener of listeners) await listener.close();
  });

  async function replica(): Promise<{ db: Database; users: CachedUserRepository }> {
    const db = await server.open("coherent", migrations, { retryIntervalMs: 200 });
    const users = withCache(createPgUserRepository(db), { max: 100, ttlMs: 600_000 });
    listeners.push(await listenForChanges(db, users, logger));
    return { db, users };
  }
  const ada = { email: "ada@example.org", name: "Ada", role: Role.MEMBER };

  test("When one replica updates a user the other had cached Then the other's next read is the new record", async () => {
    const [one, two] = [await replica(), await replica()];
    const user = await one.users.create(ada, 1n);
    await expect(two.users.get(user.id)).resolves.toMatchObject({ name: "Ada" });
    await one.users.update(user.id, { ...ada, name: "Countess" }, 2n);
    // The notification travels on another connection than the reply: looked for, bounded.
    expect(
      await eventually(async () => ((await two.users.get(user.id))?.name === "Countess" ? true : undefined), {
        attempts: 20,
        delayMs: 50,
      }),
    ).toBe(true);
  });

  test("When a replica's listening connection is cut Then it serves nothing stale meanwhile, and caches again once it listens again", async () => {
    const [one, two] = [await replica(), await replica()];
    const user = await one.users.create({ ...ada, email: "grace@example.org", name: "Grace" }, 1n);
    await two.users.get(user.id);
    const cut = await server.sql(
      `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '${listenerName(usersChannel)}'`,
    );
    expect(Number(cut)).toBeGreaterThanOrEqual(2);
    // Written while nobody listens: no notification reaches any replica.
    await server.sql(`UPDATE coherent.users SET name = 'Grace Hopper' WHERE id = ${user.id}`);
    await expect(two.users.get(user.id)).resolves.toMatchObject({ name: "Grace Hopper" });
    const listening = () =>
      server.sql(`SELECT count(*) FROM pg_stat_activity WHERE application_name = '${listenerName(usersChannel)}'`);
    expect(await eventually(async () => (Number(await listening()) >= 4 ? true : undefined))).toBe(true);
    await one.users.update(user.id, { ...ada, email: "grace@example.org", name: "Admiral" }, 2n);
    expect(
      await eventually(async () => ((await two.users.get(user.id))?.name === "Admiral" ? true : undefined), {
        attempts: 20,
        delayMs: 50,
      }),
    ).toBe(true);
  });
});
