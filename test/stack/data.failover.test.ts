// Failover: one data replica crashes (docker kill) during a run of calls. The gateway
// and the client retry what is safe to retry; a non-idempotent call is never run twice.
// The replica is started again afterwards (and the gateway reloaded), so other test
// files find two replicas whatever the order.
import { closeClients } from "./clients";
import { roundsServedBy, runDataCalls, type DataRun } from "./data-run";
import { killReplica, replicasOf, restoreReplica, type Replica } from "./replicas";

const rounds = 30;
const killedAfter = 10;
let victim: Replica;
let survivor: Replica;
let run: DataRun;

beforeAll(async () => {
  [victim, survivor] = (await replicasOf("data")) as [Replica, Replica];
  run = await runDataCalls({ rounds, startAfter: killedAfter, during: () => killReplica(victim) });
});

afterAll(async () => {
  await closeClients();
  await restoreReplica(victim);
});

describe("When a data replica is killed during a run of calls", () => {
  test("Then it served calls of the run until it died, and the survivor served the last rounds alone", async () => {
    const victimRounds = await roundsServedBy(victim, run);
    const survivorRounds = await roundsServedBy(survivor, run);
    expect({
      victimBeforeKill: victimRounds.some((round) => round < killedAfter),
      victimInLastRounds: victimRounds.filter((round) => round >= rounds - 5),
      survivorInLastRounds: survivorRounds.filter((round) => round >= rounds - 5),
      lastPingsBy: [...new Set(run.pingedBy.slice(-5))],
    }).toEqual({
      victimBeforeKill: true,
      victimInLastRounds: [],
      survivorInLastRounds: [25, 26, 27, 28, 29],
      lastPingsBy: [survivor.hostname],
    });
  });

  test("Then every side-effect-free and idempotent call succeeded", () => {
    const failed = run.results.filter((result) => result.kind !== "increment" && !result.ok);
    expect(failed).toEqual([]);
  });

  test("Then no increment ran twice, and every increment that succeeded ran exactly once", () => {
    const succeeded = run.results
      .filter((result) => result.kind === "increment" && result.ok)
      .map((result) => result.round);
    expect({
      mostRuns: Math.max(...run.incrementRuns),
      rest: run.rest,
      runsOfSucceeded: succeeded.map((round) => run.incrementRuns[round]),
    }).toEqual({
      mostRuns: 1,
      rest: 0n,
      runsOfSucceeded: succeeded.map(() => 1),
    });
  });
});
