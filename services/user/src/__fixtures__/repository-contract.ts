// What every UserRepository must do, as one suite: run by pg-repository.test.ts on the
// embedded database, and by test/stack/database.test.ts on a real PostgreSQL server.
import { Role } from "../gen/user";
import { EmailTaken, type UserRepository } from "../repository";

const ada = { email: "ada@example.org", name: "Ada", role: Role.ADMIN };
const bob = { email: "bob@example.org", name: "Bob", role: Role.MEMBER };

/** `open` gives a repository on an empty database (ids from 1); `reopen` another on the same one. */
export function describeUserRepository(
  name: string,
  repositories: { open(): Promise<UserRepository>; reopen(): Promise<UserRepository> },
): void {
  describe(`the user repository (${name})`, () => {
    let users: UserRepository;
    beforeEach(async () => {
      users = await repositories.open();
    });

    test("when users are created, then the database numbers them and stamps them", async () => {
      await expect(users.create(ada, 1000n)).resolves.toEqual({ id: 1n, ...ada, createdAt: 1000n, updatedAt: 1000n });
      await expect(users.create(bob, 2000n)).resolves.toEqual({ id: 2n, ...bob, createdAt: 2000n, updatedAt: 2000n });
      await expect(users.get(1n)).resolves.toEqual({ id: 1n, ...ada, createdAt: 1000n, updatedAt: 1000n });
      await expect(users.get(3n)).resolves.toBeUndefined();
    });

    test("ids outside the database's range find nothing, whatever an i64 may hold", async () => {
      await users.create(ada, 1000n);
      for (const id of [0n, -1n, -(2n ** 63n), 2n ** 63n - 1n]) await expect(users.get(id)).resolves.toBeUndefined();
      await expect(users.getMany([0n, -5n, 1n])).resolves.toEqual(
        new Map([[1n, { id: 1n, ...ada, createdAt: 1000n, updatedAt: 1000n }]]),
      );
      await expect(users.update(-1n, bob, 1n)).resolves.toBeUndefined();
    });

    test("getMany returns the users found, by id, leaving unknown ids out", async () => {
      await users.create(ada, 1000n);
      await users.create(bob, 1000n);
      await expect(users.getMany([2n, 9n, 1n, 2n ** 63n - 1n])).resolves.toEqual(
        new Map([
          [2n, { id: 2n, ...bob, createdAt: 1000n, updatedAt: 1000n }],
          [1n, { id: 1n, ...ada, createdAt: 1000n, updatedAt: 1000n }],
        ]),
      );
      await expect(users.getMany([])).resolves.toEqual(new Map());
    });

    test("update replaces the fields and the update stamp, keeping the creation stamp", async () => {
      await users.create(ada, 1000n);
      const renamed = { email: "countess@example.org", name: "Countess", role: Role.MEMBER };
      await expect(users.update(1n, renamed, 5000n)).resolves.toEqual({
        id: 1n,
        ...renamed,
        createdAt: 1000n,
        updatedAt: 5000n,
      });
      await expect(users.update(2n, renamed, 5000n)).resolves.toBeUndefined();
    });

    test("an email belongs to one user only", async () => {
      await users.create(ada, 1000n);
      await users.create(bob, 1000n);
      await expect(users.create({ ...bob, email: ada.email }, 1000n)).rejects.toThrow(
        new EmailTaken("another user has this email"),
      );
      await expect(users.update(2n, { ...bob, email: ada.email }, 1000n)).rejects.toThrow(EmailTaken);
      await expect(users.get(2n)).resolves.toMatchObject({ email: bob.email });
    });

    test("replicas on one database never hand out the same id, even racing", async () => {
      const other = await repositories.reopen();
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? users : other).create({ ...ada, email: `u${i}@example.org` }, 1n),
        ),
      );
      expect(new Set(created.map((user) => user.id)).size).toBe(20);
      await expect(other.get(created[0]!.id)).resolves.toMatchObject({ email: "u0@example.org" });
    });
  });
}
