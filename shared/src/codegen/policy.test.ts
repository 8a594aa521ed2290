// The methods' HTTP policy read from IDL annotations (idempotency, caching, timeout_ms),
// and the plain messages that refuse a bad one.
import type { Annotation } from "./idl/ast";
import type { MethodPolicy } from "../core/definition";
import { parseIdl } from "./parse";
import { parsePolicy, PolicyError } from "./policy";

/** The annotations of `void m()` followed by `text`, e.g. `(timeout_ms = "5")`. */
function annotations(text: string): Annotation[] {
  const [service] = parseIdl(`service S { void m() ${text} }`, "test.thrift").definitions;
  if (service?.type !== "Service") throw new Error("no service");
  return [...(service.functions[0]?.annotations ?? [])];
}

const policy = (text: string, oneway = false) => parsePolicy(annotations(text), oneway);

function rejection(text: string, oneway = false): { message: string; annotation: string | undefined } {
  try {
    policy(text, oneway);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return { message: error.message, annotation: error.annotation?.name.value };
  }
  throw new Error(`${text} was accepted`);
}

describe("parsePolicy", () => {
  it("When there are no annotations Then the method may change state and is never cached", () => {
    expect(policy("")).toEqual<MethodPolicy>({
      idempotency: "none",
      cacheMaxAge: 0,
      cacheShared: false,
      timeoutMs: undefined,
    });
  });

  it("reads every annotation", () => {
    expect(
      policy(`(idempotency = "no_side_effects", cache.max_age = "30", cache.shared = "true", timeout_ms = "500")`),
    ).toEqual<MethodPolicy>({ idempotency: "no_side_effects", cacheMaxAge: 30, cacheShared: true, timeoutMs: 500 });
  });

  it.each(["none", "idempotent", "no_side_effects"] as const)("accepts idempotency %s", (idempotency) => {
    expect(policy(`(idempotency = "${idempotency}")`).idempotency).toBe(idempotency);
  });

  it("When a cached reply is private Then cache.shared is false", () => {
    expect(policy(`(idempotency = "no_side_effects", cache.max_age = "10", cache.shared = "false")`)).toMatchObject({
      cacheMaxAge: 10,
      cacheShared: false,
    });
  });

  it("When other tools' annotations are present Then they are ignored", () => {
    expect(policy(`(go.tag = "json", cpp.type = "x", timeout_ms = "5")`).timeoutMs).toBe(5);
  });

  it("When a oneway method has a timeout Then it is kept", () => {
    expect(policy(`(timeout_ms = "100")`, true).timeoutMs).toBe(100);
  });

  it("When a oneway method is declared durable Then its policy says so, and only then", () => {
    expect(policy(`(durable = "true")`, true)).toEqual<MethodPolicy>({
      idempotency: "none",
      cacheMaxAge: 0,
      cacheShared: false,
      timeoutMs: undefined,
      durable: true,
    });
    expect(policy(`(durable = "false")`, true)).not.toHaveProperty("durable");
    expect(policy("", true)).not.toHaveProperty("durable");
  });

  it.each([
    [`(durable = "yes")`, `durable must be "true" or "false", got "yes"`, "durable"],
    [
      `(oneway.durable = "true")`,
      `unknown annotation "oneway.durable": did you mean durable = "true"?`,
      "oneway.durable",
    ],
    [`(durability = "true")`, `unknown annotation "durability": did you mean durable = "true"?`, "durability"],
  ])("When a oneway method has %s Then it is rejected: %s", (text, message, annotation) => {
    expect(rejection(text, true)).toEqual({ message, annotation });
  });

  it("When a method with a reply is declared durable Then it is rejected", () => {
    expect(rejection(`(durable = "true")`)).toEqual({
      message: "durable applies to oneway methods only: a call with a reply is answered once it has run",
      annotation: "durable",
    });
  });

  const idempotencyValues = `"none", "idempotent" or "no_side_effects"`;
  const didYouMean = `did you mean idempotency = "none" | "idempotent" | "no_side_effects"?`;
  const maxAge = (got: string) => `cache.max_age must be a whole number of seconds, got "${got}"`;
  const cacheNeeds =
    `cache.max_age needs idempotency = "no_side_effects": ` +
    "only replies of calls without side effects may be cached";
  const timeout = (got: string) =>
    `timeout_ms must be a whole number of milliseconds from 1 to 2147483647, got "${got}"`;
  const cached = `idempotency = "no_side_effects", cache.max_age`;
  it.each([
    [`(idempotency = "safe")`, `idempotency must be ${idempotencyValues}, got "safe"`, "idempotency"],
    [`(idempotency = "IDEMPOTENT")`, `idempotency must be ${idempotencyValues}, got "IDEMPOTENT"`, "idempotency"],
    [`(idempotency)`, `annotation "idempotency" needs a value, e.g. idempotency = "…"`, "idempotency"],
    [`(idempotency = "none", idempotency = "idempotent")`, `annotation "idempotency" is given twice`, "idempotency"],
    [`(idempotent = "true")`, `unknown annotation "idempotent": ${didYouMean}`, "idempotent"],
    [
      `(idempotency_level = "NO_SIDE_EFFECTS")`,
      `unknown annotation "idempotency_level": ${didYouMean}`,
      "idempotency_level",
    ],
    [
      `(cache.maxage = "5")`,
      `unknown annotation "cache.maxage": the cache annotations are "cache.max_age" and "cache.shared"`,
      "cache.maxage",
    ],
    [`(timeout = "5")`, `unknown annotation "timeout": did you mean "timeout_ms"?`, "timeout"],
    [`(${cached} = "-1")`, maxAge("-1"), "cache.max_age"],
    [`(${cached} = "1.5")`, maxAge("1.5"), "cache.max_age"],
    [`(${cached} = "")`, maxAge(""), "cache.max_age"],
    [`(cache.max_age = "5")`, cacheNeeds, "cache.max_age"],
    [`(idempotency = "idempotent", cache.max_age = "5")`, cacheNeeds, "cache.max_age"],
    [
      `(idempotency = "no_side_effects", cache.shared = "true")`,
      "cache.shared needs cache.max_age greater than 0",
      "cache.shared",
    ],
    [`(${cached} = "0", cache.shared = "true")`, `cache.shared needs cache.max_age greater than 0`, "cache.shared"],
    [`(${cached} = "5", cache.shared = "yes")`, `cache.shared must be "true" or "false", got "yes"`, "cache.shared"],
    [`(timeout_ms = "0")`, timeout("0"), "timeout_ms"],
    [`(timeout_ms = "1e3")`, timeout("1e3"), "timeout_ms"],
    [`(timeout_ms = "2147483648")`, timeout("2147483648"), "timeout_ms"],
  ])("rejects %s", (text, message, annotation) => {
    expect(rejection(text)).toEqual({ message, annotation });
  });

  it.each([`(idempotency = "idempotent")`, `(idempotency = "no_side_effects", cache.max_age = "5")`])(
    "When a oneway method has %s Then it is rejected",
    (text) => {
      expect(rejection(text, true)).toEqual({
        message: `a oneway method must have idempotency "none": it is sent once, with no reply to cache`,
        annotation: "idempotency",
      });
    },
  );
});
