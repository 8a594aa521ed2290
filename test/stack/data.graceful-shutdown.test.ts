// Graceful shutdown of a data replica (docker stop: SIGTERM, then the replica drains):
// 1. A call the replica is in the middle of when it is stopped is still answered, and
//    the replica exits only afterwards. The call is made slow on purpose (its body is
//    uploaded at 10 KB/s), straight from the gateway's container, since nginx buffers
//    a whole request before passing it on.
// 2. Stopped during a run of calls through the gateway, the replica loses no
//    side-effect-free or idempotent call, and runs no call twice.
// Each test starts the replica again afterwards (and reloads the gateway), so other test
// files find two replicas whatever the order.
import { DataService } from "@starter/data/gen/data";
import { contentTypes, encodeCall } from "@starter/shared/core";
import { clients, closeClients } from "./clients";
import { roundsServedBy, runDataCalls } from "./data-run";
import { outcomeOf } from "./gateway";
import {
  addressOf,
  dockerWithInput,
  eventually,
  logLines,
  metricsOf,
  replicasOf,
  restoreReplica,
  stopReplica,
  type Replica,
} from "./replicas";
import { authorization, callers, unique } from "./stack";

afterAll(closeClients);

let victim: Replica;
let survivor: Replica;
beforeEach(async () => {
  [victim, survivor] = (await replicasOf("data")) as [Replica, Replica];
});
afterEach(async () => {
  await restoreReplica(victim);
});

/** The replica's shutdown log lines, as `{ msg, reason, inFlight, code }`. */
async function shutdownOf(replica: Replica) {
  const lines = (await logLines(replica)).filter(
    (line) => line["msg"] === "shutting down" || line["msg"] === "stopped",
  );
  return lines.slice(-2).map(({ msg, reason, inFlight, code }) => ({ msg, reason, inFlight, code }));
}

describe("When a data replica is stopped in the middle of a call", () => {
  test("Then the call is answered, it ran once, and the replica exits afterwards with code 0", async () => {
    // A 30 KB key makes the call's body 30 KB: three seconds on the wire at 10 KB/s.
    const key = unique("slow").padEnd(30_000, "k");
    const requestId = unique("slow-call");
    const body = encodeCall(DataService.methods["increment"]!, [key, 42n], 1, "binary");
    const [gateway] = await replicasOf("gateway");
    const upload = dockerWithInput(
      [
        "exec",
        "-i",
        gateway!.id,
        "curl",
        "-sS",
        "--include",
        "--limit-rate",
        "10K",
        "--data-binary",
        "@-",
        "-H",
        `content-type: ${contentTypes.binary}`,
        "-H",
        `authorization: ${authorization(callers.alice)}`,
        "-H",
        `x-request-id: ${requestId}`,
        `http://${await addressOf(victim)}:8080/data`,
      ],
      body,
    );

    // Stop once the replica has started on the call (its in-flight gauge says so).
    const started = await eventually(
      async () => ((await metricsOf(victim)).includes("\nthrift_calls_in_flight 1\n") ? true : undefined),
      {
        attempts: 20,
        delayMs: 100,
      },
    );
    expect(started).toBe(true);
    await stopReplica(victim);

    const raw = await upload;
    const split = raw.indexOf("\r\n\r\n");
    const head = raw.subarray(0, split).toString("latin1");
    const reply = { status: Number(head.split(" ")[1]), headers: {}, body: raw.subarray(split + 4) };
    expect({ status: reply.status, outcome: outcomeOf(DataService, "increment", reply) }).toEqual({
      status: 200,
      outcome: { kind: "success", value: 42n },
    });
    await expect(clients.data().counter(key)).resolves.toBe(42n);
    expect(await shutdownOf(victim)).toEqual([
      { msg: "shutting down", reason: "SIGTERM", inFlight: 1, code: undefined },
      { msg: "stopped", reason: undefined, inFlight: undefined, code: 0 },
    ]);
  });
});

describe("When a data replica is stopped during a run of calls through the gateway", () => {
  test("Then every side-effect-free and idempotent call succeeds, no increment runs twice, and the survivor serves the last rounds alone", async () => {
    const rounds = 30;
    const stoppedAfter = 10;
    // The stopping replica keeps answering through its shutdown delay (Connection: close on
    // every reply) before its listener closes: the last rounds start once it has exited.
    const run = await runDataCalls({
      rounds,
      startAfter: stoppedAfter,
      during: () => stopReplica(victim),
      afterEvent: 5,
    });
    const victimRounds = await roundsServedBy(victim, run);
    const succeeded = run.results
      .filter((result) => result.kind === "increment" && result.ok)
      .map((result) => result.round);

    expect({
      failedOtherThanIncrement: run.results.filter((result) => result.kind !== "increment" && !result.ok),
      mostRunsOfAnIncrement: Math.max(...run.incrementRuns),
      rest: run.rest,
      runsOfSucceededIncrements: succeeded.map((round) => run.incrementRuns[round]),
      victimServedBeforeStop: victimRounds.some((round) => round < stoppedAfter),
      victimInLastRounds: victimRounds.filter((round) => round >= rounds - 5),
      lastPingsBy: [...new Set(run.pingedBy.slice(-5))],
      shutdown: (await shutdownOf(victim)).map(({ msg, code }) => ({ msg, code })),
    }).toEqual({
      failedOtherThanIncrement: [],
      mostRunsOfAnIncrement: 1,
      rest: 0n,
      runsOfSucceededIncrements: succeeded.map(() => 1),
      victimServedBeforeStop: true,
      victimInLastRounds: [],
      lastPingsBy: [survivor.hostname],
      shutdown: [
        { msg: "shutting down", code: undefined },
        { msg: "stopped", code: 0 },
      ],
    });
  });
});
