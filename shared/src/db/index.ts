// @starter/shared/db: a stateful service's PostgreSQL (server-side; the client and the
// runtime never load it). `loadDatabaseConfig` reads `database.*`, `openDatabase` connects
// (a PostgreSQL server, or the embedded PGlite for development and tests), waits for it
// and migrates; queries are cancelled with the call's signal and fail fast with a 503
// while the database is away; `createOnewayQueue` is the core's OnewayStore for durable
// oneway methods. How it works: database.ts, oneway-queue.ts.
export { databaseDefaults, loadDatabaseConfig, type DatabaseOptions } from "./config";
export type { Database, Row, Sql } from "./database";
export { DatabaseUnavailable } from "./errors";
export { listenerName, type ListenHandlers, type Listener } from "./listen";
export type { MigrationSet } from "./migrate";
export { createOnewayQueue, onewayQueueDefaults, type OnewayQueueOptions } from "./oneway-queue";
export { openDatabase, type OpenDatabaseOptions } from "./open";
