// The one name a service has everywhere (folder, compose service, DNS name, nginx upstream,
// mount path, package, image) and the forms derived from it, and the rename that turns the
// template, echo, into a new service.
import { reservedBindings } from "../codegen/names";

/** A service's name and the forms its files spell it in. */
export interface ServiceNames {
  /** `billing`: folder, DNS name, upstream, `/billing`, `@starter/billing`, the starter method. */
  readonly name: string;
  /** `Billing`: the Thrift service and its generated types (`BillingHandler`, `BillingClient`). */
  readonly pascal: string;
  /** `BILLING`: for environment variables. */
  readonly upper: string;
}

/** The service every new one is copied from. */
export const template = "echo";

/**
 * Names a service may not take although they are well formed: the gateway's own paths and
 * container, the library, and words that the generated TypeScript or Thrift would reject
 * (the name is also an identifier there: `const billing = …`, method `billing`) or that
 * would shadow an import (`Thrift`, `config`).
 */
const reserved = new Set([
  "gateway",
  "prometheus",
  "shared",
  "healthz",
  "readyz",
  "metrics",
  "services",
  "deploy",
  "nginx",
  "scripts",
  "docs",
  "test",
  "thrift",
  "config",
  "koa",
  "node",
  // JavaScript and TypeScript: what the generated code could not declare
  ...reservedBindings,
  // Thrift
  "binary",
  "bool",
  "byte",
  "double",
  "exception",
  "i8",
  "i16",
  "i32",
  "i64",
  "include",
  "list",
  "map",
  "namespace",
  "oneway",
  "optional",
  "required",
  "senum",
  "service",
  "set",
  "slist",
  "string",
  "struct",
  "throws",
  "typedef",
  "union",
  "uuid",
]);

/**
 * One lowercase word, letters and digits, 2 to 30 characters: valid unchanged as a DNS
 * label, nginx upstream, URL path, npm package and TypeScript identifier, so that no form
 * of it ever needs escaping or a second spelling.
 */
const pattern = /^[a-z][a-z0-9]{1,29}$/;

/** The forms of `name`; throws with the reason when it cannot name a service. */
export function serviceNames(name: string): ServiceNames {
  if (!pattern.test(name)) {
    throw new Error(
      `"${name}" is not a valid service name: one lowercase word of 2 to 30 letters and digits, starting with a letter (e.g. billing)`,
    );
  }
  if (reserved.has(name))
    throw new Error(
      `"${name}" is reserved (a gateway path, a folder of the repository, or a TypeScript or Thrift word)`,
    );
  return { name, pascal: name[0]!.toUpperCase() + name.slice(1), upper: name.toUpperCase() };
}

/**
 * Text of the template with its name replaced by `to`'s, in every form: `echo` (not within
 * a word: `echoes` stays), `Echo` as a word or a prefix (`EchoReq`, `EchoHandler`), `ECHO`.
 */
export function rename(text: string, to: ServiceNames, from: ServiceNames = serviceNames(template)): string {
  return text
    .replace(new RegExp(`(?<![A-Za-z])${from.name}(?![a-z])`, "g"), to.name)
    .replace(new RegExp(`${from.pascal}(?![a-z])`, "g"), to.pascal)
    .replace(new RegExp(`(?<![A-Z])${from.upper}(?![A-Z])`, "g"), to.upper);
}
