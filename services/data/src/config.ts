// The data service's settings: the shared ones, plus its database and how it runs the
// durable oneway calls kept there.
import {
  loadDatabaseConfig,
  onewayQueueDefaults,
  type DatabaseOptions,
  type OnewayQueueOptions,
} from "@starter/shared/db";
import { createConfigReader, loadServerConfig, type ServerConfig } from "@starter/shared/server";

export interface DataConfig extends ServerConfig {
  /** `database.*` (DATABASE_URL, …): empty URL for the embedded database. */
  database: DatabaseOptions;
  /** `oneway.*`: the consumers of the durable oneway calls (incrementLater). */
  oneway: Required<Omit<OnewayQueueOptions, "logger">>;
}

export function loadDataConfig(source: object): DataConfig {
  const read = createConfigReader(source);
  return {
    ...loadServerConfig(source),
    database: loadDatabaseConfig(read),
    oneway: {
      concurrency: read.integer("oneway.concurrency", 1, 100, onewayQueueDefaults.concurrency),
      pollIntervalMs: read.integer("oneway.pollIntervalMs", 1, undefined, onewayQueueDefaults.pollIntervalMs),
      maxAttempts: read.integer("oneway.maxAttempts", 1, undefined, onewayQueueDefaults.maxAttempts),
      retryDelayMs: read.integer("oneway.retryDelayMs", 1, undefined, onewayQueueDefaults.retryDelayMs),
      statementTimeoutMs: read.integer(
        "oneway.statementTimeoutMs",
        1,
        undefined,
        onewayQueueDefaults.statementTimeoutMs,
      ),
    },
  };
}
