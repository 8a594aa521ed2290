// The gateway's list of the methods whose answers callers may share
// (nginx/gateway/shared-methods.conf), generated from the services' IDL: a method is on
// it when its policy makes a successful reply `public` for an authenticated caller, as
// every caller through the gateway is (`no_side_effects`, `cache.max_age` above 0,
// `cache.shared`: the core's rule, core/cache.ts). `make gen` writes the file, `make
// gen-check` fails when it is stale, `make new-service` and `make remove-service` keep it.
import { successCacheControl } from "../core/cache";
import type { MethodModel, ServiceModel } from "./model";
import { loadProgram, type ProgramOptions } from "./resolve/program";

/** A service's IDL and where it is mounted. */
export interface MountedIdl {
  /** The mount path, e.g. `/data` (the service's `thrift.path`). */
  readonly mountPath: string;
  /** The IDL file: every service declared in it is served there, with what it inherits. */
  readonly file: string;
}

/** The paths `<mount>/<method>` of the methods at `mount` whose answers callers may share. */
export function sharedMethodPaths(mount: MountedIdl, options: ProgramOptions = {}): string[] {
  const idl = loadProgram(mount.file, options).modules.at(-1)!;
  const paths = new Set<string>();
  for (const definition of idl.definitions) {
    if (definition.kind !== "service") continue;
    for (const method of methodsOf(definition)) {
      if (successCacheControl(method.policy).authenticated.startsWith("public"))
        paths.add(`${mount.mountPath}/${method.name}`);
    }
  }
  return [...paths];
}

function methodsOf(service: ServiceModel): MethodModel[] {
  return [...(service.parent === undefined ? [] : methodsOf(service.parent.service)), ...service.methods];
}

/** nginx/gateway/shared-methods.conf for the services mounted at `mounts`. */
export function generateSharedMethods(mounts: readonly MountedIdl[], options: ProgramOptions = {}): string {
  const paths = [...new Set(mounts.flatMap((mount) => sharedMethodPaths(mount, options)))];
  const width = Math.max("default".length, ...paths.map((path) => path.length));
  const entry = (key: string, value: number) => `  ${key.padEnd(width)} ${value};`;
  return [
    "# Generated from the services' IDL by `make gen` (shared/src/codegen/shared-methods.ts):",
    "# do not edit. The methods whose answers may be shared between callers: those whose",
    "# policy makes a successful reply public for an authenticated caller (`no_side_effects`,",
    '# `cache.max_age`, `cache.shared = "true"`). Only their GET calls look into the cache;',
    "# every other GET goes straight to a replica (X-Cache-Status: BYPASS).",
    "#",
    "# 1. Why a list, when Cache-Control already decides what is stored: nginx remembers",
    "#    nothing about a reply it did not store, so concurrent identical calls of a private",
    "#    or no-store method would queue one by one behind proxy_cache_lock, each waiting",
    "#    for an entry that never comes. (GET calls are identical across callers by design:",
    "#    seqid 0, deterministic encoding.)",
    "# 2. The list cannot make an answer shared: a method listed here whose reply says",
    "#    private or no-store is still not stored. A method missing here is just not cached.",
    "map $uri $cache_skip {",
    ...paths.map((path) => entry(path, 0)),
    entry("default", 1),
    "}",
    "",
  ].join("\n");
}
