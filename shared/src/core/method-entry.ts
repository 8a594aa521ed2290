// What the service knows of each method once registered, so a call only looks it up.
import { successCacheControl, type SuccessCacheControl } from "./cache";
import type { MethodDefinition } from "./definition";
import type { HandlerFunction } from "./handler";

export interface MethodEntry {
  readonly definition: MethodDefinition;
  readonly name: string;
  readonly fn: HandlerFunction;
  /** Side-effect-free: may be called with GET. */
  readonly getable: boolean;
  /** The `Allow` header of the method's path. */
  readonly allow: string;
  readonly cacheControl: SuccessCacheControl;
  /** The method's `timeout_ms`, capped by the service's maximum. */
  readonly timeoutMs: number;
}

export function createMethodEntry(
  definition: MethodDefinition,
  fn: HandlerFunction,
  maxTimeoutMs: number,
): MethodEntry {
  const { policy } = definition;
  const getable = policy.idempotency === "no_side_effects";
  return {
    definition,
    name: definition.name,
    fn,
    getable,
    allow: getable ? "GET, POST" : "POST",
    cacheControl: successCacheControl(policy),
    timeoutMs: Math.min(policy.timeoutMs ?? maxTimeoutMs, maxTimeoutMs),
  };
}
