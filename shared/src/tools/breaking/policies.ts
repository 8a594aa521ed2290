// Policy changes of a method (its annotations, codegen/policy.ts): what deployed
// clients, servers and the gateway do differently. Each transition has one rule;
// docs/tools.md tabulates them with their reasons.
//
// `timeout_ms` left out means the client's default deadline (client/resolved-options.ts), so
// adding or removing one compares with that: a deployment that configures its clients
// otherwise reads "default" as its own value.
import { defaultTimeoutMs } from "../../client/resolved-options";
import type { MethodPolicy } from "../../core/definition";
import type { Comparison } from "./comparison";
import type { Place } from "./rules";

export function comparePolicies(
  comparison: Comparison,
  old: MethodPolicy,
  now: MethodPolicy,
  place: Place,
  subject: string,
): void {
  const report = comparison.report.bind(comparison);
  const was = `was ${old.idempotency}, is ${now.idempotency}`;
  if (old.idempotency !== now.idempotency) {
    if (now.idempotency === "no_side_effects") {
      report(
        "get-added",
        place,
        subject,
        `idempotency ${was}: new clients send GET, servers on OLD answer 405; deploy every server first`,
      );
    } else if (old.idempotency === "no_side_effects") {
      report("get-removed", place, subject, `idempotency ${was}: deployed clients send GET, new servers answer 405`);
    } else if (old.idempotency === "idempotent") {
      report("idempotency-removed", place, subject, `idempotency ${was}: deployed clients still retry it`);
    } else {
      report("idempotency-added", place, subject, `idempotency ${was}`);
    }
  }
  if (old.cacheMaxAge !== now.cacheMaxAge) {
    report(
      "cache-max-age-changed",
      place,
      subject,
      `cache.max_age was ${age(old.cacheMaxAge)}, is ${age(now.cacheMaxAge)}`,
    );
  }
  if (old.cacheShared && !now.cacheShared) {
    const detail = `cache.shared was true, is false: purge shared caches and wait ${old.cacheMaxAge} s after the last OLD server stops`;
    report("cache-unshared", place, subject, detail);
  } else if (!old.cacheShared && now.cacheShared) {
    report("cache-shared-added", place, subject, "cache.shared was false, is true");
  }
  const before = old.timeoutMs ?? defaultTimeoutMs;
  const after = now.timeoutMs ?? defaultTimeoutMs;
  const timeouts = `timeout_ms was ${timeout(old.timeoutMs)}, is ${timeout(now.timeoutMs)}`;
  if (after < before) report("timeout-lowered", place, subject, timeouts);
  if (after > before) report("timeout-raised", place, subject, timeouts);
  // Absent and "false" are the same policy (codegen/policy.ts sets `durable` only when true).
  if (old.durable === true && now.durable !== true) {
    const detail = `durable was true, is false: an answered call is lost if its replica dies, and calls OLD servers kept run only where a durable method is left`;
    report("durable-removed", place, subject, detail);
  } else if (old.durable !== true && now.durable === true) {
    report(
      "durable-added",
      place,
      subject,
      "durable was false, is true: calls are kept in the database before they are answered",
    );
  }
}

function age(seconds: number): string {
  return seconds === 0 ? "0 (not cached)" : `${seconds} s`;
}

function timeout(ms: number | undefined): string {
  return ms === undefined ? `unset (the client's default, ${defaultTimeoutMs} ms)` : `${ms} ms`;
}
