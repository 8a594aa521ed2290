// nginx/gateway/shared-methods.conf for the repository's services: each service's IDL
// (services/<name>/<name>.thrift) at its mount path (`thrift.path`), through the
// generator (codegen/shared-methods.ts). `make gen` writes it (shared/scripts/
// gen-gateway.js); new-service and remove-service plan it with the service added or gone.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { generateSharedMethods } from "../codegen/shared-methods";
import { defaultConfig } from "./services";

/** Where the gateway's list lives, repository-relative. */
export const sharedMethodsFile = "nginx/gateway/shared-methods.conf";

/**
 * The file for `services`, reading a file from `planned` (repository-relative path → text:
 * what a plan is about to write) before the disk. Throws an `IdlError` for a bad IDL.
 */
export function sharedMethodsOf(
  root: string,
  services: readonly string[],
  planned: ReadonlyMap<string, string> = new Map(),
): string {
  const mounts = services.map((name) => ({
    mountPath: defaultConfig(root, name, planned.get(`services/${name}/config/default.json`)).thrift.path,
    file: join(root, "services", name, `${name}.thrift`),
  }));
  return generateSharedMethods(mounts, { readFile: (path) => planned.get(relative(root, path)) ?? readIfExists(path) });
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
