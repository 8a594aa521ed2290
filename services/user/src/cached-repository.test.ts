// withCache over a user repository: which reads the cache serves, which it passes on,
// and when an entry is dropped, so that no caller sees a stale user.
import { join } from "node:path";
import { openDatabase, type Database, type Listener } from "@starter/shared/db";
import { createLogger, loadConfigFiles } from "@starter/shared/server";
import { listenForChanges, withCache } from "./cached-repository";
import { loadUserConfig } from "./config";
import { Role, type User } from "./gen/user";
import { migrations } from "./migrations";
import { createPgUserRepository } from "./pg-repository";
import type { UserRepository, ValidUserInput } from "./repository";

const ada: ValidUserInput = { email: "ada@example.org", name: "Ada", role: Role.MEMBER };

/** A feed of changes with nothing on its way: every catch-up resolves at once. */
const caughtUp = { catchUp: () => Promise.resolve() };

/** withCache, following `caughtUp`, as listenForChanges leaves it once listening. */
function cached(repository: UserRepository, options: Parameters<typeof withCache>[1]) {
  const users = withCache(repository, options);
  users.follow(caughtUp);
  return users;
}

/** A repository in memory, counting the reads that reach it; `release` lets held reads answer. */
function backing() {
  const rows = new Map<bigint, User>();
  const reads: string[] = [];
  let hold: Promise<void> | undefined;
  let release = () => {};
  const repository: UserRepository = {
    async get(id) {
      reads.push(`get ${id}`);
      const row = rows.get(id);
      await hold;
      return row;
    },
    async getMany(ids) {
      reads.push(`getMany ${ids.join(",")}`);
      return new Map(ids.flatMap((id) => (rows.has(id) ? [[id, rows.get(id)!] as const] : [])));
    },
    async create(input, now) {
      const user = { id: BigInt(rows.size + 1), ...input, createdAt: now, updatedAt: now };
      rows.set(user.id, user);
      return user;
    },
    async update(id, input, now) {
      const row = rows.get(id);
      if (!row) return undefined;
      const user = { ...row, ...input, updatedAt: now };
      rows.set(id, user);
      return user;
    },
  };
  return {
    repository,
    reads,
    holdReads() {
      hold = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
  };
}

describe("withCache", () => {
  test("when a user is read twice, then the second read is served from the cache", async () => {
    const { repository, reads } = backing();
    const id = (await repository.create(ada, 1n)).id;
    const users = cached(repository, { max: 10, ttlMs: 60_000 });
    expect(await users.get(id)).toEqual(await users.get(id));
    expect(reads).toEqual(["get 1"]);
  });

  test("a missing user is not cached: once created elsewhere, it is found", async () => {
    const { repository } = backing();
    const users = cached(repository, { max: 10, ttlMs: 60_000 });
    await expect(users.get(1n)).resolves.toBeUndefined();
    await repository.create(ada, 1n);
    await expect(users.get(1n)).resolves.toMatchObject({ name: "Ada" });
  });

  test("getMany reads only the ids the cache lacks", async () => {
    const { repository, reads } = backing();
    await repository.create(ada, 1n);
    await repository.create({ ...ada, email: "b@example.org" }, 1n);
    const users = cached(repository, { max: 10, ttlMs: 60_000 });
    await users.get(1n);
    expect([...(await users.getMany([1n, 2n, 3n])).keys()]).toEqual([1n, 2n]);
    expect(reads).toEqual(["get 1", "getMany 2,3"]);
  });

  test("a write through the cache drops its copy: the next read is the new record", async () => {
    const { repository } = backing();
    const users = cached(repository, { max: 10, ttlMs: 60_000 });
    const created = await users.create(ada, 1n);
    await users.get(created.id);
    await users.update(created.id, { ...ada, name: "Countess" }, 2n);
    await expect(users.get(created.id)).resolves.toMatchObject({ name: "Countess" });
  });

  test("when a change is announced, then the copy is dropped; unannounced, it lasts until the TTL", async () => {
    let time = 1000;
    const { repository } = backing();
    const id = (await repository.create(ada, 1n)).id;
    const users = cached(repository, { max: 10, ttlMs: 5000, clock: { now: () => time } });
    await users.get(id);
    await repository.update(id, { ...ada, name: "Countess" }, 2n);
    await expect(users.get(id)).resolves.toMatchObject({ name: "Ada" });
    users.invalidate(id);
    await expect(users.get(id)).resolves.toMatchObject({ name: "Countess" });
    await repository.update(id, { ...ada, name: "Lovelace" }, 3n);
    time += 5001;
    await expect(users.get(id)).resolves.toMatchObject({ name: "Lovelace" });
  });

  test("when a change is announced while a read of the old record is on its way, then that read is not cached", async () => {
    const { repository, reads, holdReads, release } = backing();
    const id = (await repository.create(ada, 1n)).id;
    const users = cached(repository, { max: 10, ttlMs: 60_000 });
    holdReads();
    const stale = users.get(id);
    await repository.update(id, { ...ada, name: "Countess" }, 2n);
    users.invalidate(id);
    release();
    await expect(stale).resolves.toMatchObject({ name: "Ada" });
    await expect(users.get(id)).resolves.toMatchObject({ name: "Countess" });
    expect(reads).toEqual(["get 1", "get 1"]);
  });

  test("while changes cannot be heard of, nothing is served from memory", async () => {
    const { repository, reads } = backing();
    const id = (await repository.create(ada, 1n)).id;
    const users = cached(repository, { max: 10, ttlMs: 60_000 });
    await users.get(id);
    users.follow(undefined);
    await users.get(id);
    await users.get(id);
    users.follow(caughtUp);
    await users.get(id);
    await users.get(id);
    expect(reads).toEqual(["get 1", "get 1", "get 1", "get 1"]);
  });

  test("a copy is served only once the changes committed before the read are heard of", async () => {
    const { repository, reads } = backing();
    const id = (await repository.create(ada, 1n)).id;
    const users = withCache(repository, { max: 10, ttlMs: 60_000 });
    // The notification of a change is on its way when the read comes: the feed hands it
    // over before its catch-up resolves, as PostgreSQL does before answering the query.
    let pending: bigint[] = [];
    users.follow({
      catchUp: async () => {
        for (const changed of pending) users.invalidate(changed);
        pending = [];
      },
    });
    await users.get(id);
    await repository.update(id, { ...ada, name: "Countess" }, 2n);
    pending = [id];
    await expect(users.get(id)).resolves.toMatchObject({ name: "Countess" });
    await expect(users.getMany([id])).resolves.toEqual(new Map([[id, expect.objectContaining({ name: "Countess" })]]));
    expect(reads).toEqual(["get 1", "get 1"]);
  });

  test("when catching up fails (the listening connection is lost), then the read goes to the database", async () => {
    const { repository, reads } = backing();
    const id = (await repository.create(ada, 1n)).id;
    const users = withCache(repository, { max: 10, ttlMs: 60_000 });
    let lost = false;
    users.follow({ catchUp: () => (lost ? Promise.reject(new Error("connection lost")) : Promise.resolve()) });
    await users.get(id);
    await users.get(id);
    lost = true;
    await expect(users.get(id)).resolves.toMatchObject({ name: "Ada" });
    await expect(users.getMany([id])).resolves.toEqual(new Map([[id, expect.objectContaining({ name: "Ada" })]]));
    expect(reads).toEqual(["get 1", "get 1", "getMany 1"]);
  });

  test("before it follows a feed of changes, nothing is kept", async () => {
    const { repository, reads } = backing();
    const id = (await repository.create(ada, 1n)).id;
    const users = withCache(repository, { max: 10, ttlMs: 60_000 });
    await users.get(id);
    await users.get(id);
    expect(reads).toEqual(["get 1", "get 1"]);
  });

  test("keeps at most max users, dropping the least recently read", async () => {
    const { repository, reads } = backing();
    for (const n of [1, 2, 3]) await repository.create({ ...ada, email: `${n}@example.org` }, 1n);
    const users = cached(repository, { max: 2, ttlMs: 60_000 });
    for (const id of [1n, 2n, 1n, 3n]) await users.get(id);
    reads.length = 0;
    await users.get(1n);
    await users.get(2n);
    expect(reads).toEqual(["get 2"]);
  });
});

describe("two replicas' caches on one database, kept coherent by its notifications", () => {
  const settings = loadUserConfig(loadConfigFiles(join(__dirname, "../config"), "test"));
  const logger = createLogger({ level: "silent", name: "user" });
  let db: Database;
  const listeners: Listener[] = [];
  beforeAll(async () => {
    db = await openDatabase(settings.database, { logger, migrations });
  }, 30_000);
  afterAll(async () => {
    for (const listener of listeners) await listener.close();
    await db.close();
  });

  async function replica() {
    const users = withCache(createPgUserRepository(db), { max: 10, ttlMs: 60_000 });
    listeners.push(await listenForChanges(db, users, logger));
    return users;
  }

  test("when one replica updates a user, then the other, which had it cached, reads the new record", async () => {
    const [a, b] = [await replica(), await replica()];
    const created = await a.create(ada, 1n);
    await expect(b.get(created.id)).resolves.toMatchObject({ name: "Ada" });
    await a.update(created.id, { ...ada, name: "Countess" }, 2n);
    await expect(b.get(created.id)).resolves.toMatchObject({ name: "Countess" });
    // A change made outside the service (an operator's SQL) is announced as well.
    await db.query("UPDATE users SET name = 'Lovelace' WHERE id = $1", [created.id]);
    await expect(Promise.all([a.get(created.id), b.get(created.id)])).resolves.toMatchObject([
      { name: "Lovelace" },
      { name: "Lovelace" },
    ]);
  });
});
