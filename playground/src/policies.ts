// A method's policies (MethodPolicy, from its IDL annotations) as the page lists them:
// what the client, the server and the gateway do with its calls. Defaults are left out.
import type { MethodModel as ModelMethod } from "../../shared/src/codegen/model";
import { typeText } from "../../shared/src/dynamic/model";

/** One policy: a short label, and the annotation it comes from, as the IDL writes it. */
export interface PolicyLabel {
  readonly label: string;
  readonly annotation: string;
}

/** The policies `method` declares, and `oneway` if it is. */
export function policyLabels(method: ModelMethod): PolicyLabel[] {
  const labels: PolicyLabel[] = [];
  const { policy } = method;
  if (method.oneway) labels.push({ label: "oneway", annotation: "oneway: answered once accepted, no result" });
  if (policy.idempotency === "no_side_effects") {
    labels.push({
      label: "no side effects",
      annotation: 'idempotency = "no_side_effects": sent as GET, retried, cacheable',
    });
  } else if (policy.idempotency === "idempotent") {
    labels.push({ label: "idempotent", annotation: 'idempotency = "idempotent": retried by the client' });
  }
  if (policy.cacheMaxAge > 0) {
    const scope = policy.cacheShared ? "shared" : "private";
    labels.push({
      label: `cache ${policy.cacheMaxAge} s ${scope}`,
      annotation: `cache.max_age = "${policy.cacheMaxAge}"${policy.cacheShared ? ', cache.shared = "true"' : ""}`,
    });
  } else if (policy.cacheShared) {
    labels.push({ label: "cache shared", annotation: 'cache.shared = "true"' });
  }
  if (policy.timeoutMs !== undefined)
    labels.push({ label: `timeout ${policy.timeoutMs} ms`, annotation: `timeout_ms = "${policy.timeoutMs}"` });
  // Policies added after this page was written are still shown, by their name and value.
  const known = new Set(["idempotency", "cacheMaxAge", "cacheShared", "timeoutMs"]);
  for (const [name, value] of Object.entries(policy)) {
    if (!known.has(name) && value !== undefined && value !== false && value !== "none" && value !== 0) {
      labels.push({ label: `${name} ${String(value)}`, annotation: `${name} = ${JSON.stringify(value)}` });
    }
  }
  return labels;
}

/** The method as the IDL declares it: `Entry get(1: string key) throws (1: KeyNotFound notFound)`. */
export function signature(method: ModelMethod): string {
  const fields = (list: ModelMethod["params"]) =>
    list
      .map(
        (field) =>
          `${field.id}: ${field.requiredness === "default" ? "" : `${field.requiredness} `}${typeText(field.type)} ${field.name}`,
      )
      .join(", ");
  const returns = method.returns === undefined ? "void" : typeText(method.returns);
  const throws = method.throws.length === 0 ? "" : ` throws (${fields(method.throws)})`;
  return `${method.oneway ? "oneway " : ""}${returns} ${method.name}(${fields(method.params)})${throws}`;
}
