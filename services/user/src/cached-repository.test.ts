import { openDatabase } from "@starter/shared/server";
import { withCache } from "./cached-repository";
import { Role } from "./gen/user";
import type { UserRepository } from "./repository";
import { createSqliteUserRepository } from "./sqlite-repository";

const ada = { email: "ada@example.org", name: "Ada", role: Role.MEMBER };

/** The repository behind the cache, counting the reads that reach it. */
function backing() {
  const repository = createSqliteUserRepository(openDatabase({ file: ":memory:", busyTimeoutMs: 0 }));
  const reads: string[] = [];
  const counted: UserRepository = {
    ...repository,
    get: (id) => (reads.push(`get ${id}`), repository.get(id)),
    getMany: (ids) => (reads.push(`getMany ${ids.join(",")}`), repository.getMany(ids)),
  };
  return { repository, counted, reads };
}

describe("withCache", () => {
  test("when a user is read twice, then the second read is served from the cache", () => {
    const { repository, counted, reads } = backing();
    const id = repository.create(ada, 1n).id;
    const users = withCache(counted, { max: 10, ttlMs: 60_000 });
    expect(users.get(id)).toEqual(users.get(id));
    expect(reads).toEqual(["get 1"]);
  });

  test("a missing user is not cached: once created elsewhere, it is found", () => {
    const { repository, counted } = backing();
    const users = withCache(counted, { max: 10, ttlMs: 60_000 });
    expect(users.get(1n)).toBeUndefined();
    repository.create(ada, 1n);
    expect(users.get(1n)?.name).toBe("Ada");
  });

  test("getMany reads only the ids the cache lacks", () => {
    const { repository, counted, reads } = backing();
    repository.create(ada, 1n);
    repository.create({ ...ada, email: "b@example.org" }, 1n);
    const users = withCache(counted, { max: 10, ttlMs: 60_000 });
    users.get(1n);
    expect([...users.getMany([1n, 2n, 3n]).keys()]).toEqual([1n, 2n]);
    expect(reads).toEqual(["get 1", "getMany 2,3"]);
  });

  test("a write through the cache refreshes it at once", () => {
    const { counted, reads } = backing();
    const users = withCache(counted, { max: 10, ttlMs: 60_000 });
    const created = users.create(ada, 1n);
    users.update(created.id, { ...ada, name: "Countess" }, 2n);
    expect(users.get(created.id)?.name).toBe("Countess");
    expect(reads).toEqual([]);
  });

  test("a write elsewhere shows once the cached record expires", () => {
    let time = 1000;
    const { repository, counted } = backing();
    const id = repository.create(ada, 1n).id;
    const users = withCache(counted, { max: 10, ttlMs: 5000, clock: { now: () => time } });
    users.get(id);
    repository.update(id, { ...ada, name: "Countess" }, 2n);
    expect(users.get(id)?.name).toBe("Ada");
    time += 5001;
    expect(users.get(id)?.name).toBe("Countess");
  });

  test("keeps at most max users, dropping the least recently read", () => {
    const { repository, counted, reads } = backing();
    for (const n of [1, 2, 3]) repository.create({ ...ada, email: `${n}@example.org` }, 1n);
    const users = withCache(counted, { max: 2, ttlMs: 60_000 });
    users.get(1n);
    users.get(2n);
    users.get(1n);
    users.get(3n);
    reads.length = 0;
    users.get(1n);
    users.get(2n);
    expect(reads).toEqual(["get 2"]);
  });
});
