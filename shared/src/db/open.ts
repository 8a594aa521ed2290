// Opens a service's database as its main.ts needs it: the configured server, or the
// embedded database; waits for it at start (a database starting beside the service, or
// briefly away), and applies the migrations before the service takes calls.
import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "../server/logger";
import type { DatabaseOptions } from "./config";
import type { DatabaseConnection } from "./connection";
import { createDatabase, type Database } from "./database";
import { openEmbedded } from "./embedded";
import { DatabaseUnavailable, failureName } from "./errors";
import { migrate, sharedMigrations, type MigrationSet } from "./migrate";

export interface OpenDatabaseOptions {
  /** Where waiting for the database at start (warn) and its later outages are logged. */
  logger: Logger;
  /** The service's own migrations, applied after shared/'s. Default none. */
  migrations?: readonly MigrationSet[];
}

/**
 * Connects, migrates, and resolves with the database. Keeps trying while the database
 * cannot be reached, for `startupTimeoutMs`; fails at once on any other error (a failing
 * migration).
 */
export async function openDatabase(
  options: DatabaseOptions,
  { logger, migrations = [] }: OpenDatabaseOptions,
): Promise<Database> {
  const db = createDatabase(await connectionOf(options), logger);
  const giveUpAt = Date.now() + options.startupTimeoutMs;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await migrate(db, options.schema, [sharedMigrations, ...migrations], logger);
        return db;
      } catch (error) {
        if (!(error instanceof DatabaseUnavailable) || Date.now() + options.retryIntervalMs > giveUpAt) throw error;
        logger.warn({ attempt, reason: failureName(error.cause ?? error) }, "waiting for the database");
        await delay(options.retryIntervalMs);
      }
    }
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** What node-postgres needs to reach the configured database. */
export async function connectionOf(options: DatabaseOptions): Promise<DatabaseConnection> {
  const common = {
    schema: options.schema,
    connectTimeoutMs: options.connectTimeoutMs,
    retryIntervalMs: options.retryIntervalMs,
  };
  if (!options.url) {
    const embedded = await openEmbedded(options.embeddedDir);
    return { ...common, client: embedded.client, poolMax: 1, embedded };
  }
  // The password goes into the URL: node-postgres lets a URL's (empty) password win over its own option.
  const url = new URL(options.url);
  if (options.password) url.password = options.password;
  const ssl =
    options.tls === "verify"
      ? { rejectUnauthorized: true, ...(options.caFile ? { ca: readFileSync(options.caFile, "utf8") } : {}) }
      : false;
  return { ...common, client: { connectionString: url.href, ssl }, poolMax: options.poolMax };
}
