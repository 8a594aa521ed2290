// Durable oneway calls (incrementLater, `durable = "true"` in data.thrift): a data replica
// killed right after it accepted oneway calls loses none of them. The calls are kept in the
// database before they are answered; the survivor's consumers run them, each exactly once.
// To kill the replica while it still holds calls, a psql session holds the lock of the
// counter they all increment: every consumer that takes a call waits on it, so the victim
// dies with calls in hand (rolled back with it) and calls not yet taken.
import { DataService } from "@starter/data/gen/data";
import { clients, closeClients } from "./clients";
import { header, postCall } from "./gateway";
import { holdTransaction } from "./postgres";
import { eventually, killReplica, logLines, replicasOf, restoreReplica, type Replica } from "./replicas";
import { callers, unique } from "./stack";

const calls = 20;
let victim: Replica;
let survivor: Replica;
beforeAll(async () => {
  [victim, survivor] = (await replicasOf("data")) as [Replica, Replica];
});
afterAll(async () => {
  await closeClients();
  await restoreReplica(victim);
});

describe("When a data replica is killed right after it accepted oneway calls", () => {
  test("Then every accepted increment is applied exactly once, by the survivor", async () => {
    const key = unique("durable");
    const data = clients.data();
    await data.increment(key, 0n);
    const lock = await holdTransaction(
      `SELECT value FROM data.counters WHERE id = sha256(convert_to('${key}', 'UTF8')) FOR UPDATE`,
    );

    // Call i adds 4^i: the counter's base-4 digit i is the number of times call i ran.
    const replies = [];
    for (let i = 0; i < calls; i++) {
      const requestId = `${key}-${i}`;
      const reply = await postCall("data", DataService, "incrementLater", [key, 4n ** BigInt(i)], {
        auth: callers.alice,
        headers: { "x-request-id": requestId },
      });
      replies.push({ requestId, status: reply.status, body: reply.body.length, by: header(reply, "x-served-by") });
    }
    await killReplica(victim);
    await lock.release();

    // Each accepted, once kept, as every oneway call is: 200 with an empty body.
    expect(replies.map(({ status, body }) => ({ status, body }))).toEqual(
      replies.map(() => ({ status: 200, body: 0 })),
    );
    const byVictim = replies.filter((reply) => reply.by === victim.hostname).map((reply) => reply.requestId);
    expect(byVictim.length).toBeGreaterThan(0);

    const all = (4n ** BigInt(calls) - 1n) / 3n;
    const counter = await eventually(async () => {
      const value = await data.counter(key);
      return value === all ? value : undefined;
    });
    let digits = counter ?? (await data.counter(key));
    const runs: number[] = [];
    for (let i = 0; i < calls; i++) {
      runs.push(Number(digits % 4n));
      digits /= 4n;
    }
    const done = (await logLines(survivor)).filter(
      (line) => line["msg"] === "oneway call done" && String(line["requestId"]).startsWith(`${key}-`),
    );
    expect({
      runs,
      rest: digits,
      runBySurvivor: byVictim.filter((id) => done.some((line) => line["requestId"] === id)),
    }).toEqual({
      runs: replies.map(() => 1),
      rest: 0n,
      runBySurvivor: byVictim,
    });
  });
});
