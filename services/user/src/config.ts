// The user service's settings: the shared ones, plus its database and its cache.
import { createConfigReader, loadServerConfig, type DatabaseOptions, type ServerConfig } from "@starter/shared/server";
import type { UserCacheOptions } from "./cached-repository";

export interface UserConfig extends ServerConfig {
  /** `storage.file` (USER_DB_FILE): replicas that share the file share the users. */
  storage: DatabaseOptions;
  /** `cache.max` (USER_CACHE_MAX) and `cache.ttlMs` (USER_CACHE_TTL_MS). */
  cache: UserCacheOptions;
}

export function loadUserConfig(source: object): UserConfig {
  const read = createConfigReader(source);
  return {
    ...loadServerConfig(source),
    storage: { file: read.string("storage.file"), busyTimeoutMs: read.integer("storage.busyTimeoutMs", 0, 60_000) },
    cache: { max: read.integer("cache.max", 1), ttlMs: read.integer("cache.ttlMs", 1) },
  };
}
