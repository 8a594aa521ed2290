import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@starter/shared/server";
import { Role } from "./gen/user";
import { EmailTaken, type UserRepository } from "./repository";
import { createSqliteUserRepository } from "./sqlite-repository";

const ada = { email: "ada@example.org", name: "Ada", role: Role.ADMIN };
const bob = { email: "bob@example.org", name: "Bob", role: Role.MEMBER };

describe("the SQLite user repository", () => {
  let users: UserRepository;
  beforeEach(() => {
    users = createSqliteUserRepository(openDatabase({ file: ":memory:", busyTimeoutMs: 0 }));
  });

  test("when users are created, then the database numbers them and stamps them", () => {
    expect(users.create(ada, 1000n)).toEqual({ id: 1n, ...ada, createdAt: 1000n, updatedAt: 1000n });
    expect(users.create(bob, 2000n)).toEqual({ id: 2n, ...bob, createdAt: 2000n, updatedAt: 2000n });
    expect(users.get(1n)).toEqual({ id: 1n, ...ada, createdAt: 1000n, updatedAt: 1000n });
    expect(users.get(3n)).toBeUndefined();
  });

  test("getMany returns the users found, by id, leaving unknown ids out", () => {
    users.create(ada, 1000n);
    users.create(bob, 1000n);
    expect(users.getMany([2n, 9n, 1n, 2n ** 63n - 1n])).toEqual(
      new Map([
        [2n, { id: 2n, ...bob, createdAt: 1000n, updatedAt: 1000n }],
        [1n, { id: 1n, ...ada, createdAt: 1000n, updatedAt: 1000n }],
      ]),
    );
    expect(users.getMany([])).toEqual(new Map());
  });

  test("update replaces the fields and the update stamp, keeping the creation stamp", () => {
    users.create(ada, 1000n);
    const renamed = { email: "countess@example.org", name: "Countess", role: Role.MEMBER };
    expect(users.update(1n, renamed, 5000n)).toEqual({ id: 1n, ...renamed, createdAt: 1000n, updatedAt: 5000n });
    expect(users.update(2n, renamed, 5000n)).toBeUndefined();
  });

  test("an email belongs to one user only", () => {
    users.create(ada, 1000n);
    users.create(bob, 1000n);
    expect(() => users.create({ ...bob, email: ada.email }, 1000n)).toThrow(new EmailTaken("another user has this email"));
    expect(() => users.update(2n, { ...bob, email: ada.email }, 1000n)).toThrow(EmailTaken);
    expect(users.get(2n)?.email).toBe(bob.email);
  });

  test("replicas sharing the database file never hand out the same id", () => {
    const dir = mkdtempSync(join(tmpdir(), "users-"));
    try {
      const open = () => createSqliteUserRepository(openDatabase({ file: join(dir, "users.db"), busyTimeoutMs: 1000 }));
      const [a, b] = [open(), open()];
      const ids = [a.create(ada, 1n).id, b.create(bob, 1n).id, a.create({ ...ada, email: "c@example.org" }, 1n).id];
      expect(ids).toEqual([1n, 2n, 3n]);
      expect(b.get(1n)?.email).toBe(ada.email);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
