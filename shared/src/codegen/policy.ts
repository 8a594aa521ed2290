// Method policies from function annotations:
//
//     Entry get(1: string key) (idempotency = "no_side_effects", cache.max_age = "5")
//
// Other tools use annotations too, so unknown keys are ignored, except the ones that
// look like a misspelling of ours: a policy silently dropped would be a bug found in
// production (a write retried, a private reply cached).
import type { Annotation } from "./idl/ast";
import type { MethodPolicy } from "../core/definition";

const idempotencies: readonly MethodPolicy["idempotency"][] = ["none", "idempotent", "no_side_effects"];
/** Every policy annotation (thrift-http breaking has a rule for each change of each). */
export const policyKeys: ReadonlySet<string> = new Set([
  "idempotency",
  "cache.max_age",
  "cache.shared",
  "timeout_ms",
  "durable",
]);
// setTimeout's limit: a longer timeout fires at once.
const maxTimeoutMs = 2 ** 31 - 1;

export class PolicyError extends Error {
  override readonly name = "PolicyError";

  /** `annotation` is the one at fault, when there is one. */
  constructor(
    message: string,
    readonly annotation?: Annotation,
  ) {
    super(message);
  }
}

/** The policy of a method from its annotations; throws a `PolicyError` on any misuse. */
export function parsePolicy(annotations: readonly Annotation[], oneway: boolean): MethodPolicy {
  const values = new Map<string, string>();
  for (const annotation of annotations) {
    const key = annotation.name.value;
    if (!policyKeys.has(key)) {
      const hint = misspelling(key);
      if (hint !== undefined) throw new PolicyError(`unknown annotation "${key}": ${hint}`, annotation);
      continue;
    }
    if (annotation.value === undefined) {
      throw new PolicyError(`annotation "${key}" needs a value, e.g. ${key} = "…"`, annotation);
    }
    if (values.has(key)) throw new PolicyError(`annotation "${key}" is given twice`, annotation);
    values.set(key, annotation.value.value);
  }
  const at = (key: string) => annotations.find((annotation) => annotation.name.value === key);

  const idempotency = values.get("idempotency") ?? "none";
  if (!isIdempotency(idempotency)) {
    throw new PolicyError(
      `idempotency must be "none", "idempotent" or "no_side_effects", got "${idempotency}"`,
      at("idempotency"),
    );
  }

  const maxAge = values.get("cache.max_age");
  const cacheMaxAge = maxAge === undefined ? 0 : parseInteger(maxAge);
  if (maxAge !== undefined) {
    if (cacheMaxAge === undefined) {
      throw new PolicyError(`cache.max_age must be a whole number of seconds, got "${maxAge}"`, at("cache.max_age"));
    }
    if (idempotency !== "no_side_effects") {
      throw new PolicyError(
        `cache.max_age needs idempotency = "no_side_effects": only replies of calls without side effects may be cached`,
        at("cache.max_age"),
      );
    }
  }

  const shared = values.get("cache.shared");
  if (shared !== undefined) {
    if (shared !== "true" && shared !== "false") {
      throw new PolicyError(`cache.shared must be "true" or "false", got "${shared}"`, at("cache.shared"));
    }
    if (!cacheMaxAge) {
      throw new PolicyError(`cache.shared needs cache.max_age greater than 0`, at("cache.shared"));
    }
  }

  const timeout = values.get("timeout_ms");
  const timeoutMs = timeout === undefined ? undefined : parseInteger(timeout);
  if (timeout !== undefined && (timeoutMs === undefined || timeoutMs < 1 || timeoutMs > maxTimeoutMs)) {
    throw new PolicyError(
      `timeout_ms must be a whole number of milliseconds from 1 to ${maxTimeoutMs}, got "${timeout}"`,
      at("timeout_ms"),
    );
  }

  if (oneway && idempotency !== "none") {
    throw new PolicyError(
      `a oneway method must have idempotency "none": it is sent once, with no reply to cache`,
      at("idempotency"),
    );
  }

  const durable = values.get("durable");
  if (durable !== undefined) {
    if (durable !== "true" && durable !== "false") {
      throw new PolicyError(`durable must be "true" or "false", got "${durable}"`, at("durable"));
    }
    if (!oneway) {
      throw new PolicyError(
        `durable applies to oneway methods only: a call with a reply is answered once it has run`,
        at("durable"),
      );
    }
  }

  const policy: MethodPolicy = {
    idempotency,
    cacheMaxAge: cacheMaxAge ?? 0,
    cacheShared: shared === "true",
    timeoutMs,
  };
  return durable === "true" ? { ...policy, durable: true } : policy;
}

function isIdempotency(value: string): value is MethodPolicy["idempotency"] {
  return (idempotencies as readonly string[]).includes(value);
}

/** Digits only: "1e3", " 5", "-0" and "0x10" are mistakes here, not numbers. */
function parseInteger(text: string): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

function misspelling(key: string): string | undefined {
  if (key.startsWith("cache.")) return `the cache annotations are "cache.max_age" and "cache.shared"`;
  if (key === "idempotent" || key.startsWith("idempotency")) {
    return `did you mean idempotency = "none" | "idempotent" | "no_side_effects"?`;
  }
  if (/^timeout/i.test(key)) return `did you mean "timeout_ms"?`;
  if (/^(oneway\.)?durab/i.test(key) || key === "persistent") return `did you mean durable = "true"?`;
  return undefined;
}
