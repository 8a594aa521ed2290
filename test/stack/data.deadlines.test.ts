// Calls whose deadline passes while they wait for a database connection, through the
// gateway: each is answered at its deadline (or in time), and the data replicas keep
// running. An abort while a connection was on its way used to release it twice; pg-pool
// threw where no one caught it, and every data replica exited (a probe's 60 puts at once
// with a 3 ms deadline did it every time).
import { DataService } from "@starter/data/gen/data";
import { postCall } from "./gateway";
import { docker, logLines, replicasOf } from "./replicas";
import { callers, unique } from "./stack";

/** How often each data replica has been restarted, in replicasOf's order. */
async function restarts(): Promise<number[]> {
  const replicas = await replicasOf("data");
  return Promise.all(replicas.map(async ({ id }) => Number(await docker(["inspect", "-f", "{{.RestartCount}}", id]))));
}

const put = (key: string, headers: Record<string, string> = {}) =>
  postCall("data", DataService, "put", [key, Buffer.from("v")], { auth: callers.alice, headers });

describe("When bursts of puts arrive at once with a 3 ms deadline", () => {
  test("Then each is answered 504 or 200, no data replica exits, and the calls after them succeed", async () => {
    const before = await restarts();
    for (let burst = 0; burst < 3; burst++) {
      const keys = Array.from({ length: 60 }, (_, i) => unique(`deadline-${burst}-${i}`));
      const replies = await Promise.all(keys.map((key) => put(key, { "thrift-timeout-ms": "3" })));
      expect(replies.map((reply) => reply.status).filter((status) => status !== 504 && status !== 200)).toEqual([]);
    }
    // Past the bursts' connections coming back to the pool: both replicas answer.
    const after = await Promise.all(Array.from({ length: 20 }, () => put(unique("after"))));
    expect(after.map((reply) => reply.status)).toEqual(Array(20).fill(200));
    expect(await restarts()).toEqual(before);
    for (const replica of await replicasOf("data")) {
      const fatal = (await logLines(replica)).filter((line) => line["level"] === 60);
      expect(fatal).toEqual([]);
    }
  });
});
