// What the service knows of each method once registered, so a call only looks it up.
import { successCacheControl, type SuccessCacheControl } from "./cache";
import type { MethodDefinition } from "./definition";
import type { HandlerFunction } from "./handler";
import type { CallOutcome, CallReport } from "./http";

export interface MethodEntry {
  readonly definition: MethodDefinition;
  readonly name: string;
  /** The service's name, for its call reports. */
  readonly service: string;
  readonly fn: HandlerFunction;
  /** Side-effect-free: may be called with GET. */
  readonly getable: boolean;
  /** The `Allow` header of the method's path. */
  readonly allow: string;
  readonly cacheControl: SuccessCacheControl;
  /** The method's `timeout_ms`, capped by the service's maximum. */
  readonly timeoutMs: number;
  /** The report of a call answered with its result (or, oneway, accepted): made once, as most calls end so. */
  readonly ok: CallReport;
  readonly accepted: CallReport;
}

export function createMethodEntry(
  service: string,
  definition: MethodDefinition,
  fn: HandlerFunction,
  maxTimeoutMs: number,
): MethodEntry {
  const { policy, name } = definition;
  const getable = policy.idempotency === "no_side_effects";
  return {
    definition,
    name,
    service,
    fn,
    getable,
    allow: getable ? "GET, POST" : "POST",
    cacheControl: successCacheControl(policy),
    timeoutMs: Math.min(policy.timeoutMs ?? maxTimeoutMs, maxTimeoutMs),
    ok: Object.freeze({ service, method: name, outcome: "ok" }),
    accepted: Object.freeze({ service, method: name, outcome: "oneway" }),
  };
}

/** How a call of `entry` ended otherwise, with the error for the log. */
export function callReport(entry: MethodEntry, outcome: CallOutcome, error?: unknown): CallReport {
  return { service: entry.service, method: entry.name, outcome, error };
}
