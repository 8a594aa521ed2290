// A service is an npm workspace: package-lock.json lists its folder and the link to it in
// node_modules, and `npm ci` (in the images too) refuses a lockfile that misses one. The
// new service's entries are echo's, renamed; npm writes the file with two-space JSON.

import type { ServiceNames } from "./names";

interface Lockfile {
  packages: Record<string, unknown>;
}

const serialize = (lock: unknown) => `${JSON.stringify(lock, null, 2)}\n`;

function parse(text: string): Lockfile {
  const lock = JSON.parse(text) as Lockfile;
  // Only a lockfile npm wrote (key order, format) comes back byte for byte when re-written.
  if (serialize(lock) !== text) throw new Error("package-lock.json is not as npm writes it: run `npm install` first");
  return lock;
}

/** The lockfile's keys of a service: its folder and its link. */
const keys = (name: string) => [`node_modules/@starter/${name}`, `services/${name}`];

/** `packages` with `entries` added in npm's order (sorted keys). */
function withEntries(packages: Record<string, unknown>, entries: Record<string, unknown>): Record<string, unknown> {
  const all = Object.entries(packages);
  for (const [key, value] of Object.entries(entries)) {
    // npm sorts keys, except "" (the root) which comes first.
    const index = all.findIndex(([other]) => other !== "" && other.localeCompare(key, "en") > 0);
    all.splice(index === -1 ? all.length : index, 0, [key, value]);
  }
  return Object.fromEntries(all);
}

export function addWorkspace(text: string, names: ServiceNames, template: string): string {
  const lock = parse(text);
  const [link, folder] = keys(names.name) as [string, string];
  const [templateLink, templateFolder] = keys(template) as [string, string];
  const entries = {
    [link]: { ...(lock.packages[templateLink] as object), resolved: `services/${names.name}` },
    [folder]: { ...(lock.packages[templateFolder] as object), name: `@starter/${names.name}` },
  };
  return serialize({ ...lock, packages: withEntries(lock.packages, entries) });
}

export function removeWorkspace(text: string, names: ServiceNames): string {
  const lock = parse(text);
  const packages = Object.fromEntries(Object.entries(lock.packages).filter(([key]) => !keys(names.name).includes(key)));
  return serialize({ ...lock, packages });
}
