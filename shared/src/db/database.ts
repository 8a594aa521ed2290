// The database of a stateful service: PostgreSQL through node-postgres (`pg`), one pool
// per process. With no URL configured the same driver talks to an embedded PostgreSQL
// (PGlite, compiled to WASM, in this process: embedded.ts), so development and tests run
// the production SQL with nothing installed, and there is one repository implementation.
//
// 1. Tied to the call: a query given an AbortSignal (the handler's: deadline passed,
//    caller gone) is cancelled on the server when it aborts, and rejects at once.
// 2. Fails fast: once a connection fails, queries fail at once with DatabaseUnavailable
//    (a 503) until a probe finds the database again (availability.ts); no restart needed.
// 3. Transactions: `transaction(fn)` runs fn on one connection, and every query made
//    through this Database in fn's async context joins it (AsyncLocalStorage), so a store
//    needs no transaction argument: a durable oneway job's writes and its completion
//    commit together.
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import type { Logger } from "../server/logger";
import { Availability } from "./availability";
import { resetConnection, runStatement } from "./cancel";
import type { DatabaseConnection } from "./connection";
import { DatabaseUnavailable, failureName, isConnectionFailure, isSaturation } from "./errors";
import { listenWithReconnect, type Listener, type ListenHandlers } from "./listen";

/** SQL text, or a named statement: parsed once per connection, then only bound and run. */
export type Sql = string | { readonly name: string; readonly text: string };

export type Row = Record<string, unknown>;

export interface Database {
  /** True when it is PGlite in this process, false for a PostgreSQL server. */
  readonly embedded: boolean;
  /** False while the database is found unreachable (queries then fail at once). */
  readonly available: boolean;
  /**
   * Runs one statement on a pooled connection, or on the transaction of the calling
   * async context. Rejects with the signal's reason as soon as it aborts (the statement
   * is cancelled on the server), with DatabaseUnavailable when the database cannot be
   * reached, else with PostgreSQL's error (its `code` is the SQLSTATE).
   */
  query<R extends Row = Row>(sql: Sql, values?: readonly unknown[], signal?: AbortSignal): Promise<pg.QueryResult<R>>;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it rejects.
   * Queries through this Database in `fn`'s async context join it; a transaction inside
   * another joins the outer one. `signal` bounds all of it (the checkout, BEGIN, COMMIT,
   * every query inside): when it aborts, the running statement is cancelled, nothing is
   * committed, and the connection is closed.
   */
  transaction<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Runs `fn` with a connection of its own (tools that drive one: migrations). */
  withConnection<T>(fn: (client: pg.ClientBase) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` with the payload of every NOTIFY on `channel`. On a server the
   * listening connection is its own, and reconnects after a failure: `onLost` and
   * `onListening` frame the gap, in which notifications may have been missed;
   * `catchUp()` waits for those committed before it (listen.ts).
   */
  listen(channel: string, handlers: ListenHandlers): Promise<Listener>;
  /** Ends the pool (and the embedded database); queries after it reject. */
  close(): Promise<void>;
}

/** What queries inside `transaction(fn)` run on. */
interface Transaction {
  readonly database: PgDatabase;
  readonly client: pg.PoolClient;
  /** Bounds every statement of the transaction, besides each query's own signal. */
  readonly signal: AbortSignal | undefined;
  finished: boolean;
  /** A statement was cancelled: the connection is closed, not reused. */
  cancelled: boolean;
}

const scope = new AsyncLocalStorage<Transaction>();

export function createDatabase(connection: DatabaseConnection, logger: Logger): Database {
  return new PgDatabase(connection, logger);
}

class PgDatabase implements Database {
  readonly embedded: boolean;
  private readonly pool: pg.Pool;
  private readonly availability: Availability;
  private readonly listeners = new Set<Listener>();
  // A connection that fails while checked out (the server shut down, the network went)
  // emits 'error' on its client, which pg-pool leaves to whoever holds it: without a
  // listener the process would end. The statement running on it rejects as well.
  private readonly onHeldError = (error: Error) => this.connectionFailed(error);
  // Made once, not per query: every query checks a connection out.
  private readonly held = (client: pg.PoolClient): pg.PoolClient => {
    client.on("error", this.onHeldError);
    return client;
  };
  private readonly notConnected = (error: unknown): never => {
    throw this.translate(error);
  };

  constructor(
    private readonly connection: DatabaseConnection,
    private readonly logger: Logger,
  ) {
    this.embedded = connection.embedded !== undefined;
    const searchPath = `SET search_path TO ${pg.escapeIdentifier(connection.schema)}`;
    this.pool = new pg.Pool({
      ...connection.client,
      max: connection.poolMax,
      connectionTimeoutMillis: connection.connectTimeoutMs,
      // Every connection starts in the service's schema, before its first query.
      onConnect: (client) => client.query(searchPath).then(() => undefined),
    });
    // A pooled, idle connection the server closed (a restart): without a listener the
    // 'error' event would end the process. The pool drops the connection itself.
    this.pool.on("error", (error) => this.connectionFailed(error));
    this.availability = new Availability({
      // Bounded as a connection is: an idle pooled connection may be one the network
      // dropped without a reset, where SELECT 1 would wait for TCP to give up (15 min)
      // and keep every query failing fast for as long, the database back or not.
      probe: async () => {
        const client = await this.pool.connect().then(this.held);
        const state = { cancelled: false };
        const signal = AbortSignal.timeout(connection.connectTimeoutMs);
        try {
          await runStatement(client, { text: "SELECT 1" }, signal, state, this.cancelTimeoutMs);
        } finally {
          this.release(client, state.cancelled);
        }
      },
      retryIntervalMs: connection.retryIntervalMs,
      logger,
    });
  }

  /** How long a cancel request may take; undefined for PGlite, which has nothing to cancel (one statement at a time, in this process). */
  private get cancelTimeoutMs(): number | undefined {
    return this.embedded ? undefined : this.connection.connectTimeoutMs;
  }

  get available(): boolean {
    return this.availability.up;
  }

  query<R extends Row>(sql: Sql, values?: readonly unknown[], signal?: AbortSignal): Promise<pg.QueryResult<R>> {
    const transaction = scope.getStore();
    if (transaction !== undefined && transaction.database === this)
      return this.inTransaction(transaction, sql, values, signal);
    return this.pooled(sql, values, signal);
  }

  async transaction<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const outer = scope.getStore();
    if (outer !== undefined && outer.database === this) return fn();
    const client = await this.checkout(signal);
    const transaction: Transaction = { database: this, client, signal, finished: false, cancelled: false };
    const own = (text: string) => runStatement(client, { text }, signal, transaction, this.cancelTimeoutMs);
    let broken = false;
    try {
      await own("BEGIN");
      const result = await scope.run(transaction, fn);
      await own("COMMIT");
      return result;
    } catch (error) {
      if (!transaction.cancelled) {
        // Once the signal has aborted, this rejects at once: the connection is closed.
        await own("ROLLBACK").catch(() => {
          broken = true;
        });
      }
      throw this.translate(error);
    } finally {
      transaction.finished = true;
      this.release(client, broken || transaction.cancelled);
    }
  }

  async withConnection<T>(fn: (client: pg.ClientBase) => Promise<T>): Promise<T> {
    const client = await this.checkout(undefined);
    try {
      return await fn(client);
    } catch (error) {
      throw this.translate(error);
    } finally {
      this.release(client, false);
    }
  }

  async listen(channel: string, handlers: ListenHandlers): Promise<Listener> {
    const { embedded } = this.connection;
    let listener: Listener;
    if (embedded) {
      // One session in this process: notifications are never lost. PGlite's own LISTEN
      // must not interleave with a transaction of the pooled connection (they would wait
      // on each other): it runs while this holds that one connection, idle.
      const unlisten = await this.withConnection(() => embedded.listen(channel, handlers.onNotify));
      // No other process shares PGlite, and a writer drops its own copies: nothing to wait for.
      listener = { catchUp: () => Promise.resolve(), close: () => this.withConnection(() => unlisten()) };
      handlers.onListening?.();
    } else {
      listener = await listenWithReconnect(this.connection, channel, handlers, this.logger);
    }
    this.listeners.add(listener);
    return {
      catchUp: () => listener.catchUp(),
      close: async () => {
        this.listeners.delete(listener);
        await listener.close();
      },
    };
  }

  async close(): Promise<void> {
    this.availability.close();
    await Promise.all([...this.listeners].map((listener) => listener.close()));
    this.listeners.clear();
    await this.pool.end();
    await this.connection.embedded?.close();
  }

  private async pooled<R extends Row>(
    sql: Sql,
    values: readonly unknown[] | undefined,
    signal: AbortSignal | undefined,
  ) {
    const client = await this.checkout(signal);
    const state = { cancelled: false };
    try {
      return await runStatement<R>(client, statementOf(sql, values), signal, state, this.cancelTimeoutMs);
    } catch (error) {
      throw this.translate(error);
    } finally {
      this.release(client, state.cancelled);
    }
  }

  /**
   * Back to the pool, or closed (`destroy`) when its statement was cancelled or it broke:
   * with a reset, so that nothing it was sending reaches the server later (cancel.ts).
   */
  private release(client: pg.PoolClient, destroy: boolean): void {
    client.removeListener("error", this.onHeldError);
    if (destroy) resetConnection(client);
    client.release(destroy);
  }

  private inTransaction<R extends Row>(
    transaction: Transaction,
    sql: Sql,
    values: readonly unknown[] | undefined,
    signal: AbortSignal | undefined,
  ): Promise<pg.QueryResult<R>> {
    // Its connection went back to the pool: running there would run outside the
    // transaction, on a connection someone else may have now.
    if (transaction.finished) return Promise.reject(new Error("The transaction this query belongs to is over"));
    const bound =
      transaction.signal === undefined || transaction.signal === signal
        ? signal
        : signal === undefined
          ? transaction.signal
          : AbortSignal.any([signal, transaction.signal]);
    return runStatement<R>(transaction.client, statementOf(sql, values), bound, transaction, this.cancelTimeoutMs);
  }

  /** A connection from the pool; fails at once while the database is down, or when `signal` aborts. */
  private checkout(signal: AbortSignal | undefined): Promise<pg.PoolClient> {
    try {
      this.availability.assertUp();
      signal?.throwIfAborted();
    } catch (error) {
      return Promise.reject(error);
    }
    const connecting = this.pool.connect().then(this.held, this.notConnected);
    if (signal === undefined) return connecting;
    return new Promise((resolve, reject) => {
      const abort = () => reject(signal.reason);
      signal.addEventListener("abort", abort, { once: true });
      connecting.then(
        (client) => {
          signal.removeEventListener("abort", abort);
          // Aborted while it was on its way: it goes straight back, here only (a second
          // release would throw where no one catches it, and take the process down).
          if (signal.aborted) this.release(client, false);
          else resolve(client);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", abort);
          reject(error);
        },
      );
    });
  }

  /** The error callers see: connection failures become DatabaseUnavailable and open the breaker. */
  private translate(error: unknown): unknown {
    if (error instanceof DatabaseUnavailable) return error;
    if (isConnectionFailure(error)) {
      this.connectionFailed(error);
      return new DatabaseUnavailable(`The database is unavailable (${failureName(error)})`, { cause: error });
    }
    if (isSaturation(error)) {
      return new DatabaseUnavailable(
        `No database connection within ${this.connection.connectTimeoutMs} ms (${failureName(error)})`,
        {
          cause: error,
        },
      );
    }
    return error;
  }

  private connectionFailed(error: unknown): void {
    if (isConnectionFailure(error)) this.availability.failed(error);
  }
}

function statementOf(sql: Sql, values: readonly unknown[] | undefined): pg.QueryConfig {
  const config: pg.QueryConfig = typeof sql === "string" ? { text: sql } : { name: sql.name, text: sql.text };
  if (values !== undefined) config.values = values as unknown[];
  return config;
}
