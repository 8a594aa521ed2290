// The stack on Docker Swarm, as deploy/swarm/test.sh deployed it: replicas come and go under
// the gateway (a rolling update, a scale out and back in) while side-effect-free calls run
// through it, and not one of those calls fails.
import { setTimeout as delay } from "node:timers/promises";
import { closeConnections, docker, keepPinging, runningReplicas, service, type Answer } from "./swarm";

/** Calls in flight at once, enough to keep every replica busy during the changes. */
const workers = 4;
/** How long the gateway may take to see a change in DNS (GATEWAY_RESOLVE_INTERVAL is 2 s). */
const followMs = 30_000;

afterAll(() => closeConnections());

/** Polls `condition` every 100 ms until it holds; fails after `limitMs` with `describe()`. */
async function until(condition: () => boolean, limitMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${limitMs} ms: ${describe()}`);
    await delay(100);
  }
}

/** Who answered a list of calls. */
function answeredBy(answers: readonly Answer[]): string[] {
  return [...new Set(answers.map((answer) => answer.servedBy ?? "nobody"))].sort();
}

/** The failed calls, counted by what went wrong: `{}` when none failed. */
function failures(answers: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status, failure } of answers) {
    if (failure !== undefined) counts[`${status} ${failure.trim()}`] = (counts[`${status} ${failure.trim()}`] ?? 0) + 1;
  }
  return counts;
}

/** One line for the test's output: how many calls, who answered them, how many were sent again. */
function report(label: string, answers: readonly Answer[]): void {
  const perReplica: Record<string, number> = {};
  for (const { servedBy } of answers) perReplica[servedBy ?? "nobody"] = (perReplica[servedBy ?? "nobody"] ?? 0) + 1;
  const resent = answers.filter((answer) => answer.resent).length;
  console.info(
    `${label}: ${answers.length} calls, answered by ${JSON.stringify(perReplica)}, ${resent} sent again after nginx closed a connection`,
  );
}

/** Whether the last calls (at least 50, each answered by a replica) all came from `replicas`. */
function lastCallsFrom(answers: readonly Answer[], replicas: string[]): boolean {
  const last = answers.slice(-50);
  return last.length === 50 && last.every((answer) => replicas.includes(answer.servedBy ?? ""));
}

describe("the stack on Docker Swarm", () => {
  test("a rolling update of data, with calls running throughout: every task replaced, and no call failed", async () => {
    const before = await runningReplicas("data");
    const load = keepPinging(workers, 240_000);
    try {
      // --detach=false: returns once the update converged (each new task healthy, then the
      // old one stopped, one at a time).
      await docker(["service", "update", "--force", "--detach=false", "--quiet", service("data")], 180_000);
      const after = await runningReplicas("data");
      await until(
        () => lastCallsFrom(load.answers, after),
        followMs,
        () => `the last calls came from ${answeredBy(load.answers.slice(-50))}, not only ${after}`,
      );
      const answers = await load.stop();
      report("rolling update", answers);

      expect({ before: before.length, after: after.length, kept: after.filter((id) => before.includes(id)) }).toEqual({
        before: 2,
        after: 2,
        kept: [],
      });
      expect({ calls: answers.length > 0, failures: failures(answers) }).toEqual({ calls: true, failures: {} });
      // The calls did cross the update: old and new replicas both answered.
      expect(answeredBy(answers)).toEqual([...before, ...after].sort());
    } finally {
      await load.stop();
    }
  });

  test("data scaled from 2 to 4 replicas and back to 2, with calls running throughout: all four answer, then the two left, and no call failed", async () => {
    const load = keepPinging(workers, 240_000);
    try {
      await docker(["service", "scale", "--detach=false", `${service("data")}=4`], 120_000);
      const four = await runningReplicas("data");
      const scaledAt = load.answers.length;
      await until(
        () => four.every((id) => load.answers.slice(scaledAt).some((answer) => answer.servedBy === id)),
        followMs,
        () =>
          `since the scale-out, calls were answered by ${answeredBy(load.answers.slice(scaledAt))}, not by all of ${four}`,
      );
      const afterScaleOut = answeredBy(load.answers.slice(scaledAt));

      await docker(["service", "scale", "--detach=false", `${service("data")}=2`], 120_000);
      const two = await runningReplicas("data");
      await until(
        () => lastCallsFrom(load.answers, two),
        followMs,
        () => `the last calls came from ${answeredBy(load.answers.slice(-50))}, not only ${two}`,
      );
      const answers = await load.stop();
      report("scale 2 → 4 → 2", answers);

      expect({ four: four.length, two: two.filter((id) => four.includes(id)).length }).toEqual({ four: 4, two: 2 });
      expect(afterScaleOut.filter((id) => four.includes(id))).toEqual(four);
      expect({ calls: answers.length > 0, failures: failures(answers) }).toEqual({ calls: true, failures: {} });
    } finally {
      await load.stop();
    }
  });
});
