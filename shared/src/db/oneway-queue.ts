// The durable oneway store (core/durable-oneway.ts) on PostgreSQL: `FOR UPDATE SKIP LOCKED`
// over the `oneway_calls` table (shared/migrations). No job-queue library: pg-boss and
// graphile-worker mark a job done in a statement of their own, after the handler, so a
// crash between the two runs it twice; here the handler's writes and the call's deletion
// are one transaction, so a kept call's effect is applied exactly once.
//
// 1. `add` inserts the call; the insert has committed when the caller is answered.
// 2. Each replica runs `concurrency` consumers. A consumer takes the oldest due call no
//    other consumer holds, in a transaction, runs it there, deletes it, commits. A replica
//    that dies mid-call leaves a transaction the server rolls back: the call is due again.
// 3. A failing call's writes are rolled back (to a savepoint: the call stays locked while
//    its failure is recorded), then it is retried with backoff; after `maxAttempts` it is
//    kept, marked failed, and logged, for an operator to look at.
// 4. Consumers wake on a NOTIFY from the insert, and look anyway every `pollIntervalMs`.
// 5. `stop` (graceful shutdown): no more calls are taken, the ones in hand finish.
// 6. The queue's own statements (taking a call, recording it done or failed, the commit)
//    are bounded by `statementTimeoutMs`, the call by its method's timeout: a connection
//    that goes silent (a network gone without a reset) is closed, the call is due again,
//    and neither the consumer nor a graceful shutdown waits for TCP to give up (15 min).
import type { OnewayConsumer, OnewayStore, StoredCallRunner, StoredOnewayCall } from "../core/durable-oneway";
import type { ProtocolName } from "../core/protocols";
import type { Logger } from "../server/logger";
import type { Database } from "./database";
import { DatabaseUnavailable } from "./errors";
import type { Listener } from "./listen";

export interface OnewayQueueOptions {
  /** Calls this replica runs at once, each holding a connection while it runs. Default 2. */
  concurrency?: number;
  /** Longest pause between two looks for due calls, in ms, when no notification comes. Default 1000. */
  pollIntervalMs?: number;
  /** Runs of a failing call before it is kept as failed. Default 5. */
  maxAttempts?: number;
  /** Wait before retrying a failed call, doubled after each failure, in ms. Default 1000. */
  retryDelayMs?: number;
  /** Longest wait for the queue's own statements before and after a call (6), in ms. Default 5000. */
  statementTimeoutMs?: number;
  /** Where each run is logged: done at info, failed at warn (to be retried) or error (given up); a failure to take calls at warn. */
  logger: Logger;
}

/** The defaults above, stated once: a service's `oneway.*` settings fall back to them too. */
export const onewayQueueDefaults = {
  concurrency: 2,
  pollIntervalMs: 1000,
  maxAttempts: 5,
  retryDelayMs: 1000,
  statementTimeoutMs: 5000,
} as const satisfies Omit<Required<OnewayQueueOptions>, "logger">;

/** What recording a failure tells: the runs so far, and whether that was the last. */
type FailedState = { attempts: number; given_up: boolean };

type CallRow = {
  id: string;
  service: string;
  method: string;
  protocol: string;
  message: Buffer;
  request_id: string;
  identity: string | null;
  attempts: number;
};

const insert = {
  name: "oneway_calls_insert",
  text: "INSERT INTO oneway_calls (service, method, protocol, message, request_id, identity) VALUES ($1, $2, $3, $4, $5, $6)",
};
const claim = {
  name: "oneway_calls_claim",
  text: `SELECT id, service, method, protocol, message, request_id, identity, attempts FROM oneway_calls
    WHERE service = $1 AND failed_at IS NULL AND run_after <= now()
    ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
};
const complete = { name: "oneway_calls_complete", text: "DELETE FROM oneway_calls WHERE id = $1" };
const failed = {
  name: "oneway_calls_failed",
  text: `UPDATE oneway_calls SET attempts = attempts + 1, last_error = $2,
    run_after = now() + make_interval(secs => $3::double precision * 2 ^ attempts / 1000),
    failed_at = CASE WHEN attempts + 1 >= $4 THEN now() END
    WHERE id = $1 RETURNING attempts, failed_at IS NOT NULL AS given_up`,
};

/** The channel the insert trigger notifies, with the service as payload. */
export const onewayChannel = "oneway_calls";

export function createOnewayQueue(db: Database, options: OnewayQueueOptions): OnewayStore {
  const concurrency = options.concurrency ?? onewayQueueDefaults.concurrency;
  const pollIntervalMs = options.pollIntervalMs ?? onewayQueueDefaults.pollIntervalMs;
  const maxAttempts = options.maxAttempts ?? onewayQueueDefaults.maxAttempts;
  const retryDelayMs = options.retryDelayMs ?? onewayQueueDefaults.retryDelayMs;
  const statementTimeoutMs = options.statementTimeoutMs ?? onewayQueueDefaults.statementTimeoutMs;
  const { logger } = options;

  return {
    async add(call: StoredOnewayCall, signal?: AbortSignal): Promise<void> {
      await db.query(
        insert,
        [call.service, call.method, call.protocol, call.message, call.requestId, call.identity ?? null],
        signal,
      );
    },

    consume(service: string, run: StoredCallRunner): OnewayConsumer {
      let stopping = false;
      const waiting = new Set<() => void>();
      const wake = () => {
        for (const resolve of waiting) resolve();
        waiting.clear();
      };
      const pause = (ms: number) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          waiting.add(() => {
            clearTimeout(timer);
            resolve();
          });
        });

      let listener: Listener | undefined;
      const listen = async () => {
        while (!stopping && listener === undefined) {
          try {
            const started = await db.listen(onewayChannel, { onNotify: (payload) => payload === service && wake() });
            if (stopping) await started.close();
            else listener = started;
          } catch {
            await pause(pollIntervalMs);
          }
        }
      };

      /** Takes one due call and runs it; false if there was none. */
      const takeOne = async (): Promise<boolean> => {
        let taken: CallRow | undefined;
        let failure: unknown;
        let state: FailedState | undefined;
        const watchdog = new Watchdog(statementTimeoutMs);
        try {
          await db.transaction(async () => {
            const { rows } = await db.query<CallRow>(claim, [service]);
            taken = rows[0];
            if (taken === undefined) return;
            const started = Date.now();
            // A failing call's writes are undone to here, and its failure is recorded while
            // the call is still locked: no other consumer takes it again before its backoff.
            await db.query("SAVEPOINT oneway_call");
            watchdog.pause();
            try {
              await run(toCall(taken));
            } catch (error) {
              failure = error;
              watchdog.arm();
              await db.query("ROLLBACK TO SAVEPOINT oneway_call");
              state = await markFailed(taken, failure);
              return;
            }
            watchdog.arm();
            await db.query(complete, [taken.id]);
            logger.info(
              {
                requestId: taken.request_id,
                service,
                method: taken.method,
                attempt: taken.attempts + 1,
                durationMs: Date.now() - started,
              },
              "oneway call done",
            );
          }, watchdog.signal);
        } catch (error) {
          if (taken === undefined || failure === undefined) throw error;
          // The transaction itself failed too (a cancelled statement, say): all of it was
          // rolled back, the failure is recorded on its own.
          state = await markFailed(taken, failure, AbortSignal.timeout(statementTimeoutMs));
        } finally {
          watchdog.pause();
        }
        if (failure !== undefined) logFailure(taken!, failure, state);
        return taken !== undefined;
      };

      const markFailed = async (
        row: CallRow,
        error: unknown,
        signal?: AbortSignal,
      ): Promise<FailedState | undefined> => {
        const values = [row.id, reasonOf(error).slice(0, 1000), retryDelayMs, maxAttempts];
        const { rows } = await db.query<FailedState>(failed, values, signal);
        return rows[0];
      };

      // The error with its stack once, at error, when the call is given up; before that, its
      // name and message at warn: a call that always fails would otherwise log a stack on
      // each of its runs.
      const logFailure = (row: CallRow, error: unknown, state: FailedState | undefined) => {
        const willRetry = state !== undefined && !state.given_up;
        logger[willRetry ? "warn" : "error"](
          {
            ...(willRetry ? { error: reasonOf(error) } : { err: error }),
            requestId: row.request_id,
            service,
            method: row.method,
            attempt: state?.attempts,
            willRetry,
          },
          state?.given_up
            ? "oneway call failed for the last time: kept in oneway_calls, marked failed"
            : "oneway call failed: it will be retried",
        );
      };

      const consumer = async () => {
        while (!stopping) {
          // While the database is away (logged once, by the database), nothing to try.
          if (!db.available) {
            await pause(pollIntervalMs);
            continue;
          }
          try {
            if (await takeOne()) continue;
          } catch (error) {
            // The database is away, or the claim failed: look again after a pause.
            logger.warn({ err: error, service }, "taking oneway calls failed");
          }
          if (!stopping) await pause(pollIntervalMs);
        }
      };

      void listen();
      const consumers = Array.from({ length: concurrency }, consumer);
      return {
        async stop() {
          stopping = true;
          wake();
          await Promise.all(consumers);
          await listener?.close();
          listener = undefined;
        },
      };
    },
  };
}

/**
 * A countdown that aborts its signal when a phase of the queue's own statements takes
 * longer than `ms`: running from its creation, paused while the call runs (the call has
 * its own timeout), started again for what follows.
 */
class Watchdog {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number) {
    this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => this.controller.abort(new DatabaseUnavailable(`The database did not answer within ${this.ms} ms`)),
      this.ms,
    );
  }

  pause(): void {
    clearTimeout(this.timer);
  }
}

/** An error's name and message, without its stack. */
function reasonOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function toCall(row: CallRow): StoredOnewayCall {
  return {
    service: row.service,
    method: row.method,
    protocol: row.protocol as ProtocolName,
    message: row.message,
    requestId: row.request_id,
    identity: row.identity ?? undefined,
  };
}
