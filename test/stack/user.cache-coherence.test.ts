// The user replicas' caches, coherent through the gateway: every replica has a user cached,
// the user is updated through one of them, and reads sent at once right after, which reach
// every replica, all return the new record (the database announces each change on commit,
// and every replica drops its copy; the TTL is no longer the staleness callers see).
import { Role, UserService, type User } from "@starter/user/gen/user";
import { clients, closeClients } from "./clients";
import { getCall, header, outcomeOf } from "./gateway";
import { hostnamesOf } from "./replicas";
import { callers, unique } from "./stack";

afterAll(closeClients);

/** Reads the user at once `count` times through the gateway: who answered, and what. */
async function burst(id: bigint, count: number): Promise<{ by: string | undefined; user: unknown }[]> {
  const replies = await Promise.all(
    Array.from({ length: count }, () => getCall("user", UserService, "getUser", [id], { auth: callers.alice })),
  );
  return replies.map((reply) => {
    const outcome = outcomeOf(UserService, "getUser", reply);
    return { by: header(reply, "x-served-by"), user: outcome.kind === "success" ? outcome.value : outcome };
  });
}

/** Bursts of reads until every replica has answered at least twice (bounded). */
async function fromEveryReplica(id: bigint, replicas: string[]) {
  const seen: { by: string | undefined; user: unknown }[] = [];
  for (
    let round = 0;
    round < 10 && !replicas.every((host) => seen.filter((read) => read.by === host).length >= 2);
    round++
  ) {
    seen.push(...(await burst(id, 8)));
  }
  return seen;
}

describe("When every user replica has a user cached and it is updated through one of them", () => {
  test("Then reads sent at once right after reach every replica, and each returns the new record", async () => {
    const users = clients.user();
    const replicas = await hostnamesOf("user");
    const user = await users.createUser({ email: `${unique("coherent")}@example.org`, name: "Grace" });
    const before = await fromEveryReplica(user.id, replicas);
    expect([...new Set(before.map((read) => read.by))].sort()).toEqual(replicas);
    expect(before.every((read) => (read.user as User).name === "Grace")).toBe(true);

    const updated = await users.updateUser(user.id, { email: user.email, name: "Grace Hopper", role: Role.ADMIN });
    const after = await fromEveryReplica(user.id, replicas);
    expect({
      replicas: [...new Set(after.map((read) => read.by))].sort(),
      stale: after.filter((read) => !Object.is(JSON.stringify(read.user, big), JSON.stringify(updated, big))),
    }).toEqual({
      replicas,
      stale: [],
    });
  });
});

function big(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
