// The user service over real HTTP through the generated client, with the service's
// own test configuration and a fixed clock.
import { join } from "node:path";
import fc from "fast-check";
import { createClient, type ProtocolName, type ThriftClient } from "@starter/shared/client";
import { openDatabase, type Database } from "@starter/shared/db";
import { createLogger, loadConfigFiles, serve, type RunningServer } from "@starter/shared/server";
import { createApp } from "./app";
import { withCache } from "./cached-repository";
import { loadUserConfig } from "./config";
import { InvalidUser, Role, UserNotFound, UserService, type UserServiceClient } from "./gen/user";
import { migrations } from "./migrations";
import { createPgUserRepository } from "./pg-repository";

const settings = loadUserConfig(loadConfigFiles(join(__dirname, "../config"), "test"));
const logger = createLogger({ level: "silent", name: "user" });
const now = 1_700_000_000_000;
const stamp = BigInt(now);

let db: Database;
beforeAll(async () => {
  db = await openDatabase(settings.database, { logger, migrations });
}, 30_000);
afterAll(() => db.close());

let running: RunningServer;
let users: ThriftClient<UserServiceClient>;
beforeEach(async () => {
  await db.query("TRUNCATE users RESTART IDENTITY");
  const repository = withCache(createPgUserRepository(db), settings.cache);
  running = await serve(
    createApp(settings, logger, repository, () => now),
    { ...settings, logger, signals: [] },
  );
  users = createClient(UserService, {
    url: `${running.url}/user`,
    auth: { basic: { username: "test-user", password: "test-password" } },
  });
});
afterEach(async () => {
  await users.close();
  await running.shutdown("test over");
});

const caught = (call: Promise<unknown>) => call.catch((error: unknown) => error);

describe("the user service", () => {
  test("creates, reads, lists and updates users through the generated client", async () => {
    const ada = { id: 1n, email: "ada@example.org", name: "Ada", role: Role.ADMIN, createdAt: stamp, updatedAt: stamp };
    await expect(users.createUser({ email: "Ada@example.org", name: "Ada", role: Role.ADMIN })).resolves.toEqual(ada);
    const bob = await users.createUser({ email: "bob@example.org", name: "Bob" });
    expect(bob).toEqual({
      id: 2n,
      email: "bob@example.org",
      name: "Bob",
      role: Role.MEMBER,
      createdAt: stamp,
      updatedAt: stamp,
    });
    await expect(users.getUser(1n)).resolves.toEqual(ada);
    await expect(users.getUsers([2n, 1n, 3n])).resolves.toEqual(
      new Map([
        [2n, bob],
        [1n, ada],
      ]),
    );
    const countess = { ...ada, name: "Countess", role: Role.MEMBER };
    await expect(users.updateUser(1n, { email: ada.email, name: "Countess" })).resolves.toEqual(countess);
    // The replica that wrote serves the new record at once, cache or not.
    await expect(users.getUser(1n)).resolves.toEqual(countess);
  });

  test("declared exceptions reach the caller as the generated classes, with their fields", async () => {
    const notFound = await caught(users.getUser(404n));
    expect(notFound).toBeInstanceOf(UserNotFound);
    expect(notFound).toMatchObject({ id: 404n, message: "no user with id 404" });

    const invalid = await caught(users.createUser({ email: "not an email", name: "X" }));
    expect(invalid).toBeInstanceOf(InvalidUser);
    expect(invalid).toMatchObject({
      field: "email",
      message: "email must look like name@example.org, at most 254 characters",
    });

    const unknownUpdate = await caught(users.updateUser(404n, { email: "x@example.org", name: "X" }));
    expect(unknownUpdate).toBeInstanceOf(UserNotFound);
  });

  describe.each<ProtocolName>(["binary", "compact", "json"])("over %s", (protocol) => {
    const client = () =>
      createClient(UserService, {
        url: `${running.url}/user`,
        protocol,
        auth: { basic: { username: "test-user", password: "test-password" } },
      });

    test("input with a control, invisible or invalid character in any field is refused with InvalidUser, and nothing is stored", async () => {
      const caller = client();
      // C0, DEL, C1, a lone surrogate (sent as U+FFFD), U+FFFD, bidirectional and
      // zero-width format characters, a line separator, private use, a noncharacter.
      const refused = fc.constantFrom(
        ..."\u0000\u0001\n\u001f\u007f\u0080\u0085\u009f\ufffd\u202e\u2066\u200b\ufeff\u2028\ue000\ufdd0\uffff",
        "\ud800",
        "\udfff",
      );
      await fc.assert(
        fc.asyncProperty(refused, fc.boolean(), fc.nat(5), async (character, inEmail, at) => {
          const email = `ada${inEmail ? character : ""}@example.org`;
          const name = `Ada Lovelace`.slice(0, at) + (inEmail ? "" : character) + `Ada Lovelace`.slice(at);
          const field = inEmail ? "email" : "name";
          const error = await caught(caller.createUser({ email, name }));
          expect(error).toBeInstanceOf(InvalidUser);
          expect(error).toMatchObject({
            field,
            message: `${field} must not contain control, invisible or invalid characters`,
          });
        }),
        { numRuns: 60 },
      );
      await expect(caller.getUsers([1n, 2n, 3n])).resolves.toEqual(new Map());
      await caller.close();
    });

    test("names in any script, emoji sequences with their joiners included, are stored and read back as sent", async () => {
      const caller = client();
      const name = "Ada 👩\u200d💻 Lovelace ناصر \u0928\u094d\u200c e\u0301";
      const created = await caller.createUser({ email: `ada-${protocol}@example.org`, name });
      expect(created.name).toBe(name);
      await expect(caller.getUser(created.id)).resolves.toEqual(created);
      await caller.close();
    });
  });
});
