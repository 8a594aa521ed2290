// A run of DataService calls of every kind, for the failover and shutdown tests: each
// round sends, at once, three side-effect-free calls (ping, counter, get), two
// idempotent ones (put, remove) and one that is neither (increment), while something
// happens to a replica.
//
// - Every call carries the request id `<run>-r<round>-<kind>`, so the replicas' logs
//   tell which rounds each replica served.
// - Calls use a client of their own, with a larger retry budget (see below).
// - The increments prove that no call ran twice: round i adds 4^i to one counter, so
//   the counter's base-4 digit i is the number of times increment i ran (30 rounds fit
//   in an i64).
import { DataService } from "@starter/data/gen/data";
import { clients, withRequestId } from "./clients";
import { getCall, header } from "./gateway";
import { logLines, type Replica } from "./replicas";
import { callers, unique } from "./stack";

export const maxRounds = 30;

export type CallKind = "ping" | "counter" | "get" | "put" | "remove" | "increment";

export interface CallResult {
  round: number;
  kind: CallKind;
  ok: boolean;
  /** The error of a failed call, by class and message. */
  error?: string;
}

export interface DataRun {
  /** The prefix of the run's request ids. */
  id: string;
  results: CallResult[];
  /** Which replica answered each round's ping (X-Served-By), by round. */
  pingedBy: (string | undefined)[];
  /** How many times each round's increment ran, from the counter's base-4 digits. */
  incrementRuns: number[];
  /** What is left of the counter above the digits: 0 unless an increment ran 4 times or more. */
  rest: bigint;
}

/**
 * Runs `rounds` rounds on `lanes` concurrent lanes (each lane one round after another),
 * so calls are in flight all the time; `during` is started (not awaited) once
 * `startAfter` rounds are done, so it happens while the following rounds are under way.
 * The last `afterEvent` rounds start only once `during` has finished.
 */
export async function runDataCalls({
  rounds,
  startAfter,
  during,
  lanes = 3,
  afterEvent = 0,
}: {
  rounds: number;
  startAfter: number;
  during: () => Promise<void>;
  lanes?: number;
  afterEvent?: number;
}): Promise<DataRun> {
  if (rounds > maxRounds) throw new RangeError(`at most ${maxRounds} rounds fit the counter`);
  // A replica going away fails several calls at once (all lanes), which would empty the
  // default retry budget (10 tokens, retries stop at half) within one burst: the run is
  // about the gateway's and the client's retries, not about that throttle.
  const data = clients.data({ options: { retryBudget: { maxTokens: 100 } } });
  const id = unique("run");
  const counterKey = `${id}-increments`;
  const entryKey = `${id}-entry`;
  await data.put(entryKey, Buffer.from("read during the run"));

  const results: CallResult[] = [];
  const pingedBy: (string | undefined)[] = [];
  let event: Promise<void> | undefined;
  const settle = async (
    round: number,
    kind: CallKind,
    call: (options: ReturnType<typeof withRequestId>) => Promise<unknown>,
  ) => {
    try {
      await call(withRequestId(`${id}-r${round}-${kind}`));
      results.push({ round, kind, ok: true });
    } catch (error) {
      results.push({
        round,
        kind,
        ok: false,
        error: `${(error as Error).constructor.name}: ${(error as Error).message}`,
      });
    }
  };
  const ping = async (round: number, requestId: string) => {
    const reply = await getCall("data", DataService, "ping", [], {
      auth: callers.alice,
      headers: { "x-request-id": requestId },
    });
    pingedBy[round] = header(reply, "x-served-by");
    if (reply.status !== 200) throw new Error(`ping answered ${reply.status}`);
  };

  let next = 0;
  let done = 0;
  const lane = async () => {
    for (let round = next++; round < rounds; round = next++) {
      if (round >= rounds - afterEvent) await event;
      await Promise.all([
        settle(round, "ping", (options) => ping(round, options.context!.requestId)),
        settle(round, "counter", (options) => data.counter(counterKey, options)),
        settle(round, "get", (options) => data.get(entryKey, options)),
        settle(round, "put", (options) => data.put(`${id}-put-${round}`, Buffer.from(`round ${round}`), options)),
        settle(round, "remove", (options) => data.remove(`${id}-put-${round - 1}`, options)),
        settle(round, "increment", (options) => data.increment(counterKey, 4n ** BigInt(round), options)),
      ]);
      if (++done === startAfter) event = during();
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  await event;

  let counter = await data.counter(counterKey);
  const incrementRuns: number[] = [];
  for (let round = 0; round < rounds; round++) {
    incrementRuns.push(Number(counter % 4n));
    counter /= 4n;
  }
  return { id, results, pingedBy, incrementRuns, rest: counter };
}

/** The rounds of `run` in which `replica` logged a call, sorted, each once. */
export async function roundsServedBy(replica: Replica, run: DataRun): Promise<number[]> {
  const pattern = new RegExp(`^${run.id}-r(\\d+)-`);
  const rounds = new Set<number>();
  for (const line of await logLines(replica)) {
    const match = pattern.exec(String(line["requestId"]));
    if (match && line["msg"] === "call") rounds.add(Number(match[1]));
  }
  return [...rounds].sort((a, b) => a - b);
}
