// The UserService handler on the embedded database: validation, the stamps on a stored
// user, and each method's answer and exception.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase, type Database } from "@starter/shared/db";
import { createLogger, loadConfigFiles, type CallContext } from "@starter/shared/server";
import { loadUserConfig } from "./config";
import { InvalidUser, Role, UserNotFound } from "./gen/user";
import { createUserHandler, maxIdsPerCall } from "./handler";
import { migrations } from "./migrations";
import { createPgUserRepository } from "./pg-repository";

const settings = loadUserConfig(loadConfigFiles(join(__dirname, "../config"), "test"));
let db: Database;
beforeAll(async () => {
  db = await openDatabase(settings.database, { logger: createLogger({ level: "silent", name: "user" }), migrations });
}, 30_000);
afterAll(() => db.close());

let time: number;
let handler: ReturnType<typeof createUserHandler>;
beforeEach(async () => {
  time = 1_700_000_000_000;
  await db.query("TRUNCATE users RESTART IDENTITY");
  handler = createUserHandler(createPgUserRepository(db), () => time);
});

/** The handler with the context the runtime passes after the IDL arguments. */
const ctx: CallContext = {
  requestId: "r",
  deadline: Number.MAX_SAFE_INTEGER,
  signal: new AbortController().signal,
  identity: undefined,
  headers: {},
};
const users = {
  getUser: (id: bigint) => handler.getUser(id, ctx),
  getUsers: (ids: bigint[]) => handler.getUsers(ids, ctx),
  createUser: (input: Parameters<typeof handler.createUser>[0]) => handler.createUser(input, ctx),
  updateUser: (id: bigint, input: Parameters<typeof handler.updateUser>[1]) => handler.updateUser(id, input, ctx),
};

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error("the call succeeded");
    },
    (error: unknown) => error,
  );
}

const stamp = BigInt(1_700_000_000_000);

describe("the UserService handler", () => {
  test("createUser stores a valid user, stamped, and getUser finds it", async () => {
    const created = await users.createUser({ email: " Ada@Example.org", name: "Ada" });
    expect(created).toEqual({
      id: 1n,
      email: "ada@example.org",
      name: "Ada",
      role: Role.MEMBER,
      createdAt: stamp,
      updatedAt: stamp,
    });
    await expect(users.getUser(1n)).resolves.toEqual(created);
  });

  test("when the user is unknown, then getUser throws UserNotFound with the id", async () => {
    const error = await failure(users.getUser(42n));
    expect(error).toBeInstanceOf(UserNotFound);
    expect(error).toMatchObject({ id: 42n, message: "no user with id 42" });
  });

  test("getUsers maps the ids found, once each, leaving unknown ones out", async () => {
    const ada = await users.createUser({ email: "ada@example.org", name: "Ada" });
    await expect(users.getUsers([1n, 7n, 1n])).resolves.toEqual(new Map([[1n, ada]]));
  });

  test("when getUsers is given more ids than a call takes, then it throws InvalidUser naming ids, as user.thrift says", async () => {
    const ids = Array.from({ length: maxIdsPerCall + 1 }, (_, i) => BigInt(i));
    const error = await failure(users.getUsers(ids));
    expect(error).toBeInstanceOf(InvalidUser);
    expect(error).toMatchObject({
      field: "ids",
      message: `at most ${maxIdsPerCall} ids a call, got ${maxIdsPerCall + 1}`,
    });
    await expect(users.getUsers(ids.slice(1))).resolves.toEqual(new Map());
    const idl = readFileSync(join(__dirname, "../user.thrift"), "utf8");
    expect(idl).toContain(`At most ${maxIdsPerCall.toLocaleString("en")} ids a call`);
  });

  test("when the input is invalid, then createUser throws InvalidUser naming the field", async () => {
    const error = await failure(users.createUser({ email: "nope", name: "Ada" }));
    expect(error).toBeInstanceOf(InvalidUser);
    expect(error).toMatchObject({ field: "email" });
  });

  test("when the email is taken, then InvalidUser says so", async () => {
    await users.createUser({ email: "ada@example.org", name: "Ada" });
    const error = await failure(users.createUser({ email: "ADA@example.org", name: "Other" }));
    expect(error).toBeInstanceOf(InvalidUser);
    expect(error).toMatchObject({ field: "email", message: "email is already in use" });
  });

  test("updateUser replaces the record and its update stamp", async () => {
    await users.createUser({ email: "ada@example.org", name: "Ada" });
    time += 1000;
    await expect(
      users.updateUser(1n, { email: "ada@example.org", name: "Countess", role: Role.ADMIN }),
    ).resolves.toEqual({
      id: 1n,
      email: "ada@example.org",
      name: "Countess",
      role: Role.ADMIN,
      createdAt: stamp,
      updatedAt: stamp + 1000n,
    });
  });

  test("updateUser refuses an unknown user, and invalid input before looking", async () => {
    const unknown = await failure(users.updateUser(9n, { email: "x@example.org", name: "X" }));
    expect(unknown).toBeInstanceOf(UserNotFound);
    expect(unknown).toMatchObject({ id: 9n, message: "no user with id 9" });
    const invalid = await failure(users.updateUser(9n, { email: "x@example.org", name: "" }));
    expect(invalid).toBeInstanceOf(InvalidUser);
    expect(invalid).toMatchObject({ field: "name" });
  });
});
