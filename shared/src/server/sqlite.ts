// SQLite through `node:sqlite` (built into Node: no native dependency), set up so
// several replicas can share one database file on one host's volume.
import { DatabaseSync } from "node:sqlite";

export interface DatabaseOptions {
  /** Path of the database file; `:memory:` for a private, throw-away database (tests). */
  file: string;
  /**
   * How long a write waits for another replica's write lock before failing. The wait
   * blocks this process's event loop (the API is synchronous), so keep it short:
   * writes here last microseconds.
   */
  busyTimeoutMs: number;
}

export function openDatabase(options: DatabaseOptions): DatabaseSync {
  // i64 columns come back as bigint, as Thrift's i64 is typed.
  const db = new DatabaseSync(options.file, { timeout: options.busyTimeoutMs, readBigInts: true });
  // WAL: readers and the one writer do not block each other, across processes too.
  db.exec("PRAGMA journal_mode = WAL");
  // With WAL, NORMAL loses no committed write when a process dies, only on power loss.
  db.exec("PRAGMA synchronous = NORMAL");
  return db;
}
