// LISTEN on a PostgreSQL server, on a connection of its own (a pooled one would be handed
// to queries, and its notifications lost when it is closed), reconnecting after any
// failure. Notifications sent while it was away are lost, so the caller is told of the
// gap (`onLost`, then `onListening` once listening again) and must assume it missed some:
// the user cache empties itself and serves nothing from memory in between.
//
// `catchUp` is a round trip on the listening connection: PostgreSQL sends a session the
// notifications committed before its query ahead of the query's answer (postgres.c,
// before ReadyForQuery), so once it resolves every change committed before it was
// called has been handed to `onNotify`. Calls made while one is on its way share the next.
// One not answered within `connectTimeoutMs` rejects, and the connection is dropped (with
// a reset) and made again, as after any failure: a network gone without a reset leaves a
// connection half-open, and the operating system notices only after many minutes.
import pg from "pg";
import type { Logger } from "../server/logger";
import { resetConnection } from "./cancel";
import type { DatabaseConnection } from "./connection";
import { failureName } from "./errors";

export interface ListenHandlers {
  /** A notification's payload. */
  onNotify(payload: string): void;
  /** Listening (again): from now on every notification arrives. */
  onListening?(): void;
  /** Not listening any more, until `onListening`: notifications may be missed. */
  onLost?(): void;
}

export interface Listener {
  /**
   * Resolves once every notification committed before the call has reached `onNotify`;
   * rejects if not listening, or if the connection fails meanwhile.
   */
  catchUp(): Promise<void>;
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

/** The `application_name` of the connection listening on `channel`. */
export const listenerName = (channel: string): string => `listen ${channel}`.slice(0, 63);

/** Resolves once listening for the first time; rejects if that first attempt fails. */
export async function listenWithReconnect(
  connection: DatabaseConnection,
  channel: string,
  handlers: ListenHandlers,
  logger: Logger,
): Promise<Listener> {
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({
      ...connection.client,
      connectionTimeoutMillis: connection.connectTimeoutMs,
      // What pg_stat_activity shows of it, for operators (and tests) to tell it apart.
      application_name: listenerName(channel),
    });
    let lost = false;
    const onGone = (error?: unknown) => {
      if (lost) return;
      lost = true;
      next.removeAllListeners("notification");
      void next.end().catch(() => undefined);
      if (closed) return;
      logger.warn(
        { channel, reason: error === undefined ? "connection ended" : failureName(error) },
        "database notifications lost: listening again",
      );
      handlers.onLost?.();
      retry();
    };
    next.on("error", onGone);
    next.on("end", () => onGone());
    next.on("notification", (message) => {
      if (message.channel === channel) handlers.onNotify(message.payload ?? "");
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      next.removeAllListeners();
      next.on("error", () => undefined);
      void next.end().catch(() => undefined);
      throw error;
    }
    client = next;
    handlers.onListening?.();
  };

  const retry = () => {
    timer = setTimeout(() => {
      if (closed) return;
      connect().catch(() => retry());
    }, connection.retryIntervalMs);
    timer.unref();
  };

  // The round trip on its way, and the one to send after it: a call must wait for one
  // sent after it was made, so calls made meanwhile share the next.
  let sent: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const send = (): Promise<void> => {
    const listening = client;
    if (listening === undefined) return Promise.reject(new Error(`not listening on ${channel}`));
    // An empty query: PostgreSQL answers it without parsing or planning anything.
    const answered = listening.query("").then(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const unanswered = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no answer on the connection listening on ${channel} in ${connection.connectTimeoutMs} ms`));
        resetConnection(listening);
      }, connection.connectTimeoutMs);
    });
    answered.catch(() => undefined); // settled late, once the reset has ended it
    const trip = Promise.race([answered, unanswered]).finally(() => clearTimeout(timer));
    sent = trip;
    return trip.finally(() => {
      if (sent === trip) sent = undefined;
    });
  };
  const catchUp = (): Promise<void> => {
    if (next !== undefined) return next;
    if (sent === undefined) return send();
    next = sent
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return send();
      });
    return next;
  };

  await connect();
  return {
    catchUp,
    close: async () => {
      closed = true;
      clearTimeout(timer);
      const last = client;
      client = undefined;
      await last?.end().catch(() => undefined);
    },
  };
}
