// The code generated from user.thrift, through the runtime's message encoding.
import { decodeCall, decodeReply, encodeCall, encodeReply, type ProtocolName } from "@starter/shared/core";
import { InvalidUser, Role, UserNotFound, UserService, type User } from "./user";

const protocols: ProtocolName[] = ["binary", "compact", "json"];
const { methods } = UserService;
const ada: User = {
  id: 1n,
  email: "ada@example.com",
  name: "Ada",
  role: Role.ADMIN,
  createdAt: 1700000000000n,
  updatedAt: 1700000000001n,
};
const bob: User = { ...ada, id: 2n, email: "bob@example.com", name: "Bob", role: Role.MEMBER };

describe.each(protocols)("over %s", (protocol) => {
  it.each([
    ["getUser", [1n], ada],
    [
      "getUsers",
      [[1n, 2n, 3n]],
      new Map([
        [1n, ada],
        [2n, bob],
      ]),
    ],
    ["getUsers", [[]], new Map()],
    ["createUser", [{ email: "c@example.com", name: "C" }], bob],
    ["updateUser", [1n, { email: "a@example.com", name: "A", role: Role.MEMBER }], ada],
  ] as const)("%s: the call and its reply read back", (name, args, value) => {
    const method = methods[name]!;

    expect(decodeCall(UserService, encodeCall(method, args, 3, protocol), protocol)).toEqual({
      kind: "call",
      method,
      seqid: 3,
      args,
    });
    expect(decodeReply(method, encodeReply(method, 3, protocol, { kind: "success", value }), protocol)).toEqual({
      kind: "success",
      value,
    });
  });

  it.each([
    ["getUser", new UserNotFound({ id: 9n, message: "no user 9" })],
    ["createUser", new InvalidUser({ field: "email", message: "not an email address" })],
    ["updateUser", new UserNotFound({ id: 9n })],
    ["updateUser", new InvalidUser({ field: "name" })],
  ] as const)("%s: a declared exception reaches the caller as its class", (name, error) => {
    const method = methods[name]!;
    const outcome = decodeReply(method, encodeReply(method, 1, protocol, { kind: "declared", error }), protocol);

    expect(outcome).toEqual({ kind: "declared", error });
    expect((outcome as { error: Error }).error).toBeInstanceOf(error.constructor);
  });
});

describe("UserService", () => {
  it("caches reads privately for ten seconds and retries updates", () => {
    expect(Object.fromEntries(Object.values(methods).map((m) => [m.name, m.policy]))).toEqual({
      getUser: { idempotency: "no_side_effects", cacheMaxAge: 10, cacheShared: false, timeoutMs: 500 },
      getUsers: { idempotency: "no_side_effects", cacheMaxAge: 10, cacheShared: false, timeoutMs: 500 },
      createUser: { idempotency: "none", cacheMaxAge: 0, cacheShared: false, timeoutMs: undefined },
      updateUser: { idempotency: "idempotent", cacheMaxAge: 0, cacheShared: false, timeoutMs: undefined },
    });
  });

  it("names each declared exception by its result field", () => {
    expect(methods.updateUser!.exceptions).toEqual([
      { id: 1, name: "notFound", type: UserNotFound },
      { id: 2, name: "invalid", type: InvalidUser },
    ]);
  });

  it("When no message is given Then an exception sums up its fields", () => {
    expect(new UserNotFound({ id: 9n }).message).toBe("UserNotFound: id=9");
    expect(new InvalidUser({ field: "email" }).message).toBe('InvalidUser: field="email"');
  });
});
