// Versioned SQL migrations with node-pg-migrate: each folder's `.sql` files run in the
// order of their number prefix, each in a transaction of its own, recorded in a table
// of the folder's in the service's schema. Replicas starting at once are safe: the run
// holds node-pg-migrate's advisory lock, and a replica that finds it taken waits, then
// finds nothing left to do. Run at every start (openDatabase) and by `make migrate`.
import { join } from "node:path";
import type { Logger } from "../server/logger";
import type { Database } from "./database";

/** A folder of migrations and the table that records which of them ran. */
export interface MigrationSet {
  readonly dir: string;
  readonly table: string;
}

/** The tables shared/ itself needs (the durable oneway queue), in every service's schema. */
export const sharedMigrations: MigrationSet = { dir: join(__dirname, "../../migrations"), table: "shared_migrations" };

/** Applies what has not run yet of each set, in order; resolves with the names applied. */
export async function migrate(
  db: Database,
  schema: string,
  sets: readonly MigrationSet[],
  logger: Logger,
): Promise<string[]> {
  const { runner } = await import("node-pg-migrate");
  const log = {
    debug: (message: string) => logger.debug({ migrations: schema }, message),
    info: (message: string) => logger.debug({ migrations: schema }, message),
    warn: (message: string) => logger.warn({ migrations: schema }, message),
    error: (message: string) => logger.error({ migrations: schema }, message),
  };
  return db.withConnection(async (client) => {
    const applied: string[] = [];
    for (const set of sets) {
      const ran = await runner({
        dbClient: client,
        dir: set.dir,
        migrationsTable: set.table,
        schema,
        createSchema: true,
        direction: "up",
        count: Number.POSITIVE_INFINITY,
        advisoryLockMode: "wait",
        checkOrder: true,
        logger: log,
      });
      applied.push(...ran.map((migration) => migration.name));
    }
    if (applied.length > 0) logger.info({ schema, applied }, "database migrated");
    return applied;
  });
}
