// What node-postgres needs to reach a service's database, whichever it is (a server, or
// the embedded PGlite): made by open.ts from the configuration, used by the pool
// (database.ts) and by the listening connection (listen.ts).
import type pg from "pg";

export interface DatabaseConnection {
  /** node-postgres settings of one connection: a connection string, or PGlite's adapter. */
  readonly client: pg.ClientConfig;
  /** Connections at most; the embedded database has one. */
  readonly poolMax: number;
  /** The schema a connection starts in (search_path), made by the migrations. */
  readonly schema: string;
  /**
   * How long a query waits for a connection (new or pooled) before failing, and the
   * listener's catch-up round trip for its answer, in ms.
   */
  readonly connectTimeoutMs: number;
  /** Pause between two probes while the database is down, in ms. */
  readonly retryIntervalMs: number;
  /** Set for the embedded database: its own LISTEN, and how to close it. */
  readonly embedded?: {
    listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
    close(): Promise<void>;
  };
}
