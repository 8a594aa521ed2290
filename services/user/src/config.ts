// The user service's settings: the shared ones, plus its database and its cache.
import { loadDatabaseConfig, type DatabaseOptions } from "@starter/shared/db";
import { createConfigReader, loadServerConfig, type ServerConfig } from "@starter/shared/server";
import type { UserCacheOptions } from "./cached-repository";

export interface UserConfig extends ServerConfig {
  /** `database.*` (DATABASE_URL, …): empty URL for the embedded database. */
  database: DatabaseOptions;
  /** `cache.max` (USER_CACHE_MAX) and `cache.ttlMs` (USER_CACHE_TTL_MS). */
  cache: UserCacheOptions;
}

export function loadUserConfig(source: object): UserConfig {
  const read = createConfigReader(source);
  return {
    ...loadServerConfig(source),
    database: loadDatabaseConfig(read),
    cache: { max: read.integer("cache.max", 1), ttlMs: read.integer("cache.ttlMs", 1) },
  };
}
