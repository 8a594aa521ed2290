// LISTEN on a PostgreSQL server, on a connection of its own (a pooled one would be handed
// to queries, and its notifications lost when it is closed), reconnecting after any
// failure. Notifications sent while it was away are lost, so the caller is told of the
// gap (`onLost`, then `onListening` once listening again) and must assume it missed some:
// the user cache empties itself and serves nothing from memory in between.
import pg from "pg";
import type { Logger } from "../server/logger";
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
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

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
    const next = new pg.Client({ ...connection.client, connectionTimeoutMillis: connection.connectTimeoutMs });
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

  await connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(timer);
      const last = client;
      client = undefined;
      await last?.end().catch(() => undefined);
    },
  };
}
