// The user replicas' caches, coherent: every replica has a user cached, the user is
// updated through one of them, and reads sent at once right after, which reach every
// replica, all return the new record (the database announces each change on commit, every
// replica drops its copy, and serves one only once caught up with the changes committed
// before the read). Through the gateway, and straight from replica to replica, where
// nothing but the service stands between the update's reply and the next read.
import { contentTypes, decodeReply, encodeCall } from "@starter/shared/core";
import { Role, UserService, type User } from "@starter/user/gen/user";
import { clients, closeClients } from "./clients";
import { getCall, header, outcomeOf } from "./gateway";
import { addressOf, dockerWithInput, hostnamesOf, replicasOf } from "./replicas";
import { authorization, callers, unique } from "./stack";

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

// Run with node inside one user replica (the image has no curl): for each update, a read
// on the other replica to have the user cached there, the update on this one, and at once
// the read on the other again, each on a keep-alive connection of its own. Prints the
// second reads' replies, base64. Input on stdin: { other, authorization, get, updates }.
const raceScript = `
const http = require("http");
const job = JSON.parse(require("fs").readFileSync(0, "utf8"));
const agents = [new http.Agent({ keepAlive: true, maxSockets: 1 }), new http.Agent({ keepAlive: true, maxSockets: 1 })];
const call = (host, agent, body) => new Promise((resolve, reject) => {
  const request = http.request({ host, port: process.env.PORT, path: "/user", method: "POST", agent, timeout: 5000,
    headers: { "content-type": "${contentTypes.binary}", authorization: job.authorization } }, (reply) => {
      const chunks = [];
      reply.on("data", (chunk) => chunks.push(chunk));
      reply.on("end", () => resolve(Buffer.concat(chunks).toString("base64")));
    });
  request.on("error", reject).on("timeout", () => request.destroy(new Error("timeout")));
  request.end(Buffer.from(body, "base64"));
});
(async () => {
  const replies = [];
  for (const update of job.updates) {
    await call(job.other, agents[1], job.get);
    await call("127.0.0.1", agents[0], update);
    replies.push(await call(job.other, agents[1], job.get));
  }
  console.log(JSON.stringify(replies));
})().catch((error) => { console.error(error.message); process.exit(1); });
`;

describe("When a user is updated on one replica and read at once on the other, which had it cached", () => {
  test("Then every read returns the record of the update just made", async () => {
    const [here, there] = await replicasOf("user");
    const user = await clients.user().createUser({ email: `${unique("race")}@example.org`, name: "v0" });
    const base64 = (bytes: Buffer) => bytes.toString("base64");
    const rounds = 100;
    const job = {
      other: await addressOf(there!),
      authorization: authorization(callers.alice),
      get: base64(encodeCall(UserService.methods["getUser"]!, [user.id], 1, "binary")),
      updates: Array.from({ length: rounds }, (_, n) =>
        base64(
          encodeCall(
            UserService.methods["updateUser"]!,
            [user.id, { email: user.email, name: `v${n + 1}`, role: Role.MEMBER }],
            1,
            "binary",
          ),
        ),
      ),
    };
    const output = await dockerWithInput(
      ["exec", "-i", here!.id, "node", "-e", raceScript],
      Buffer.from(JSON.stringify(job)),
      60_000,
    );
    const names = (JSON.parse(output.toString()) as string[]).map((reply) => {
      const outcome = decodeReply(UserService.methods["getUser"]!, Buffer.from(reply, "base64"), "binary");
      return outcome.kind === "success" ? (outcome.value as User).name : outcome;
    });
    expect(names).toEqual(Array.from({ length: rounds }, (_, n) => `v${n + 1}`));
  });
});

function big(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
