// A replica that comes back at another address (a crash and `restart: unless-stopped`, a
// `docker compose restart`) is followed by the gateway with no reload by anyone: it looks
// the service names up again every GATEWAY_RESOLVE_INTERVAL seconds (docker-compose.yml,
// nginx/resolve-upstreams.sh). nginx alone resolves them only when it loads its config:
// it would keep the old address, where another container now answers (a probe saw calls
// to /echo answered 404 by a data replica that had taken it), and never call the
// replica again.
import { Echo } from "@starter/echo/gen/echo";
import { header, postCall } from "./gateway";
import {
  addressOf,
  docker,
  eventually,
  imageOf,
  replicasOf,
  restoreReplica,
  runBesideStack,
  startReplica,
  stopReplica,
  type Replica,
} from "./replicas";
import { callers } from "./stack";

let moved: Replica;
let other: Replica;
let squatter: string | undefined;

afterAll(async () => {
  if (squatter !== undefined) await docker(["rm", "--force", squatter]);
  // Running again and served at once, whatever happened above.
  await restoreReplica(moved);
});

describe("When an echo replica restarts and another container takes its old address", () => {
  let before: { moved: string; squatter: string; after: string };

  beforeAll(async () => {
    [moved, other] = (await replicasOf("echo")) as [Replica, Replica];
    const old = await addressOf(moved);
    await stopReplica(moved);
    // Docker hands out the lowest free address: the newcomer takes the stopped replica's,
    // and the replica, started again, gets a new one.
    squatter = await runBesideStack(await imageOf("echo"), ["--entrypoint", "sleep"], ["600"]);
    await startReplica(moved);
    before = {
      moved: old,
      squatter: await addressOf({ id: squatter, hostname: squatter.slice(0, 12) }),
      after: await addressOf(moved),
    };
  });

  test("Then the replica has a new address, and the old one is another container's", () => {
    expect(before.squatter).toBe(before.moved);
    expect(before.after).not.toBe(before.moved);
  });

  test("Then within seconds, with no reload by anyone, calls through the gateway reach both replicas again, every one answered 200", async () => {
    const call = () => postCall("echo", Echo, "echo", [{ msg: "where are you?" }], { auth: callers.alice });
    // Up to 20 s: the look-up interval (2 s) and the reload, with room for a slow machine.
    const servedBy = await eventually(
      async () => {
        const replies = [];
        for (let i = 0; i < 10; i++) replies.push(await call());
        const statuses = replies.map((reply) => reply.status);
        const hosts = new Set(replies.map((reply) => header(reply, "x-served-by")));
        return hosts.has(moved.hostname) ? { statuses, hosts: [...hosts].sort() } : undefined;
      },
      { attempts: 40, delayMs: 500 },
    );
    expect(servedBy).toEqual({
      statuses: Array(10).fill(200),
      hosts: [moved.hostname, other.hostname].sort(),
    });
  });
});
