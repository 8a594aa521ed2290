// The database stopped for a few seconds while calls run through the gateway. Calls that
// need it fail at once with a clear 503 `unavailable` (not a hang, a 504 at the deadline,
// or the gateway's 502 once every replica has been taken out of its pool); calls that do
// not need it go on; and once the database is back, calls succeed again with no replica
// restarted. Readiness does not follow the database: an outage it cannot fix must not take
// every replica out of the gateway's pool.
import { setTimeout as sleep } from "node:timers/promises";
import { DataService } from "@starter/data/gen/data";
import { UserService } from "@starter/user/gen/user";
import { closeClients } from "./clients";
import { getCall, jsonOf, postCall, type Reply } from "./gateway";
import { stackDatabase } from "./postgres";
import { docker, eventually, replicasOf } from "./replicas";
import { callers, unique } from "./stack";

afterAll(closeClients);

type Phase = "before" | "down" | "restarting" | "back";
interface Answer {
  /** When the call was sent, and when it was answered. */
  phase: Phase;
  answered: Phase;
  call: string;
  status: number;
  code?: unknown;
}

/** What each service replica's container says of itself: restarts, start time, health. */
async function replicaStates(): Promise<string[]> {
  const replicas = [...(await replicasOf("data")), ...(await replicasOf("user"))];
  return Promise.all(
    replicas.map(async ({ id }) =>
      (await docker(["inspect", "-f", "{{.RestartCount}} {{.State.StartedAt}} {{.State.Health.Status}}", id])).trim(),
    ),
  );
}

async function healthOf(id: string): Promise<string> {
  return (await docker(["inspect", "-f", "{{.State.Health.Status}}", id])).trim();
}

describe("When the database is stopped for a few seconds under load", () => {
  test("Then calls fail fast and clearly, calls without it go on, and all succeed again with no service restarted", async () => {
    const db = await stackDatabase();
    const key = unique("outage");
    const statesBefore = await replicaStates();
    const answers: Answer[] = [];
    let phase: Phase = "before";
    let running = true;

    const record = async (call: string, send: () => Promise<Reply>) => {
      const at = phase;
      const reply = await send();
      const code = reply.status === 200 ? undefined : (jsonOf(reply) as { code?: unknown }).code;
      answers.push({ phase: at, answered: phase, call, status: reply.status, ...(code === undefined ? {} : { code }) });
    };
    const auth = { auth: callers.alice };
    // Two lanes, about 65 calls/s in all: below the gateway's per-client rate limit (100/s).
    const lane = async (n: number) => {
      for (let round = 0; running; round++) {
        await Promise.all([
          record("data.put", () =>
            postCall("data", DataService, "put", [`${key}-${n}`, Buffer.from(String(round))], auth),
          ),
          record("data.get", () => getCall("data", DataService, "get", [`${key}-${n}-${round}`], auth)),
          record("user.getUsers", () => getCall("user", UserService, "getUsers", [[BigInt(round + 1)]], auth)),
          record("data.ping", () => getCall("data", DataService, "ping", [], auth)),
        ]);
        await sleep(120);
      }
    };
    const lanes = [0, 1].map(lane);

    await eventually(async () => (answers.length >= 30 ? true : undefined));
    await docker(["stop", db.id]);
    phase = "down";
    // Down for a few seconds: as long as 160 calls take.
    await eventually(async () =>
      answers.filter((answer) => answer.phase === "down").length >= 160 ? true : undefined,
    );
    const statesDuring = await replicaStates();
    phase = "restarting";
    await docker(["start", db.id]);
    expect(
      await eventually(async () => ((await healthOf(db.id)) === "healthy" ? true : undefined), {
        attempts: 120,
        delayMs: 250,
      }),
    ).toBe(true);
    phase = "back";
    // Back once every kind of call has succeeded again (each replica probes the database
    // once a second), then a few more rounds.
    const recovered = await eventually(
      async () => {
        const back = answers.filter((answer) => answer.phase === "back");
        const calls = ["data.put", "data.get", "user.getUsers"];
        return calls.every((call) => back.slice(-12).some((answer) => answer.call === call && answer.status === 200))
          ? true
          : undefined;
      },
      { attempts: 80, delayMs: 250 },
    );
    const mark = answers.length;
    await eventually(async () => (answers.length >= mark + 24 ? true : undefined));
    running = false;
    await Promise.all(lanes);

    // Sent once the database had stopped, and answered before it was started again.
    const down = answers.filter((answer) => answer.phase === "down" && answer.answered === "down");
    const kinds = (list: Answer[]) =>
      [...new Set(list.map((answer) => `${answer.call} ${answer.status} ${answer.code ?? ""}`.trim()))].sort();
    expect({
      recovered,
      // data.get of a missing key answers 200 with KeyNotFound; while the database is away, 503.
      down: kinds(down),
      afterRecovery: kinds(answers.slice(mark)),
      statesDuring,
      statesAfter: await replicaStates(),
    }).toEqual({
      recovered: true,
      down: ["data.get 503 unavailable", "data.ping 200", "data.put 503 unavailable", "user.getUsers 503 unavailable"],
      afterRecovery: ["data.get 200", "data.ping 200", "data.put 200", "user.getUsers 200"],
      statesDuring: statesBefore,
      statesAfter: statesBefore,
    });
  });
});
