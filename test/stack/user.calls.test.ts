// Every UserService method through the gateway, in every transport a client may choose.
// Emails are unique per test, so tests share the replicas' database without meeting.
import { InvalidUser, Role, UserNotFound, type User } from "@starter/user/gen/user";
import { clients, closeClients, described, rejection, transports } from "./clients";
import { eventually } from "./replicas";
import { unique } from "./stack";

afterAll(closeClients);

const now = () => BigInt(Date.now());

describe.each(transports)("UserService through the gateway, $name", (transport) => {
  const users = () => clients.user({ transport });

  test("When users are created Then they are stamped now, and getUser and getUsers find them, leaving unknown ids out", async () => {
    const adaEmail = `${unique("ada")}@example.org`;
    const bobEmail = `${unique("bob")}@example.org`;
    const before = now();
    const ada = await users().createUser({ email: adaEmail.toUpperCase(), name: " Ada ", role: Role.ADMIN });
    const bob = await users().createUser({ email: bobEmail, name: "Bob" });
    const after = now();

    // The service's clock is the host's: the stamps fall within the calls.
    const stamps = [ada.createdAt, bob.createdAt];
    expect(stamps.map((stamp) => stamp >= before && stamp <= after)).toEqual([true, true]);
    expect([ada, bob]).toEqual<User[]>([
      {
        id: ada.id,
        email: adaEmail,
        name: "Ada",
        role: Role.ADMIN,
        createdAt: ada.createdAt,
        updatedAt: ada.createdAt,
      },
      {
        id: bob.id,
        email: bobEmail,
        name: "Bob",
        role: Role.MEMBER,
        createdAt: bob.createdAt,
        updatedAt: bob.createdAt,
      },
    ]);

    await expect(users().getUser(ada.id)).resolves.toEqual(ada);
    await expect(users().getUsers([bob.id, ada.id, 0n, bob.id])).resolves.toEqual(
      new Map([
        [bob.id, bob],
        [ada.id, ada],
      ]),
    );
  });

  test("When a user is updated Then the new record is answered, and every replica serves it", async () => {
    const user = await users().createUser({ email: `${unique("grace")}@example.org`, name: "Grace" });
    const updated = await users().updateUser(user.id, { email: user.email, name: "Grace Hopper", role: Role.ADMIN });
    expect(updated).toEqual<User>({ ...user, name: "Grace Hopper", role: Role.ADMIN, updatedAt: updated.updatedAt });
    expect(updated.updatedAt >= user.createdAt).toBe(true);

    // Every replica drops its copy when the database announces the change, which travels
    // on a connection of its own: looked for a bounded number of times
    // (user.cache-coherence.test.ts reads every replica at once right after an update).
    const seen = await eventually(
      async () => {
        const read = await users().getUser(user.id);
        return read.name === "Grace Hopper" ? read : undefined;
      },
      { attempts: 30, delayMs: 250 },
    );
    expect(seen).toEqual(updated);
  });

  test("When a user is unknown Then getUser and updateUser reject with UserNotFound naming the id", async () => {
    const id = 987_654_321n;
    const notFound = described(new UserNotFound({ id, message: `no user with id ${id}` }));
    await expect(rejection(users().getUser(id))).resolves.toEqual(notFound);
    await expect(rejection(users().updateUser(id, { email: "nobody@example.org", name: "Nobody" }))).resolves.toEqual(
      notFound,
    );
  });

  test("When the input is invalid or the email taken Then createUser and updateUser reject with InvalidUser naming the field", async () => {
    const email = `${unique("taken")}@example.org`;
    const user = await users().createUser({ email, name: "First" });
    const errors = [
      await rejection(users().createUser({ email: "not an email", name: "X" })),
      await rejection(users().createUser({ email: email.toUpperCase(), name: "Second" })),
      await rejection(users().updateUser(user.id, { email, name: " " })),
      await rejection(users().createUser({ email: `${unique("role")}@example.org`, name: "X", role: 99 as Role })),
    ];
    expect(errors).toEqual(
      [
        new InvalidUser({ field: "email", message: "email must look like name@example.org, at most 254 characters" }),
        new InvalidUser({ field: "email", message: "email is already in use" }),
        new InvalidUser({ field: "name", message: "name must be 1 to 100 characters" }),
        new InvalidUser({ field: "role", message: "role must be one of 1, 2" }),
      ].map(described),
    );
  });

  test("When a field holds a control, invisible or invalid character Then InvalidUser names it, and the user is not created", async () => {
    // NUL, a C1 control, a lone surrogate (sent as U+FFFD), a right-to-left override.
    const email = `${unique("nul")}@example.org`;
    const errors = [
      await rejection(users().createUser({ email: `${email}\u0000`, name: "Nul" })),
      await rejection(users().createUser({ email, name: "Ada\u0085" })),
      await rejection(users().createUser({ email, name: "Ada\ud800" })),
      await rejection(users().createUser({ email, name: "Ada\u202eecalevoL" })),
    ];
    const invisible = (field: string) =>
      described(
        new InvalidUser({ field, message: `${field} must not contain control, invisible or invalid characters` }),
      );
    expect(errors).toEqual([invisible("email"), invisible("name"), invisible("name"), invisible("name")]);
    // The email is free: none of the calls stored a user.
    await expect(users().createUser({ email, name: "Ada" })).resolves.toMatchObject({ email, name: "Ada" });
  });
});
