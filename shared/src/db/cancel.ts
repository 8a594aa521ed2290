// Runs a statement that its call may cancel. Cancelling is what psql's Ctrl-C does: a CancelRequest
// (16 bytes: length, the code 80877102, the backend's process id and secret key) on a new
// connection to the same server, which the server closes after reading it
// (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-CANCELING-REQUESTS).
// node-postgres has no public API for it. The server may get it after the statement
// finished: the connection is then closed rather than reused, so that a late cancel can
// never hit another call's statement; and closed with a TCP reset (`resetConnection`), so
// that a statement the network has not delivered yet is dropped with it, not delivered
// once the network heals, after the caller was told the call timed out and may have
// written again since.
import { Socket, connect } from "node:net";
import type { ClientBase, QueryConfig, QueryResult, QueryResultRow } from "pg";

const cancelRequestCode = 80877102;

/** What node-postgres keeps of a connection, which its types do not declare. */
interface BackendKey {
  readonly processID: number | null;
  readonly secretKey: number | null;
  readonly host: string;
  readonly port: number;
  readonly connection?: { readonly stream?: unknown };
}

/** Sends the cancel request for `client`'s running statement; gives up silently after `timeoutMs`. */
export function cancelStatement(client: ClientBase, timeoutMs: number): void {
  const { processID, secretKey, host, port } = client as unknown as BackendKey;
  if (processID === null || secretKey === null) return;
  const request = Buffer.alloc(16);
  request.writeInt32BE(16, 0);
  request.writeInt32BE(cancelRequestCode, 4);
  request.writeInt32BE(processID, 8);
  request.writeInt32BE(secretKey, 12);
  const socket = host.startsWith("/") ? connect(`${host}/.s.PGSQL.${port}`) : connect(port, host);
  socket.setTimeout(timeoutMs, () => socket.destroy());
  // Best effort: the caller stopped waiting already; the statement's own timeout remains.
  socket.on("error", () => socket.destroy());
  socket.on("connect", () => socket.end(request));
}

/**
 * Closes `client`'s socket with a TCP reset (SO_LINGER 0): the kernel drops what it still
 * holds to send, where a plain close would go on sending it, for minutes if need be, and
 * the server would then run it. The pool's own close comes after, on a socket already
 * closed. Not a TCP socket (a Unix socket, the embedded database): closed as it is.
 */
export function resetConnection(client: ClientBase): void {
  const stream = (client as unknown as BackendKey).connection?.stream;
  if (!(stream instanceof Socket) || stream.destroyed) return;
  try {
    stream.resetAndDestroy();
  } catch {
    // ERR_INVALID_HANDLE_TYPE: a Unix socket, whose unsent bytes no network holds back.
    stream.destroy();
  }
}

/**
 * Runs `statement` on `client`. When `signal` aborts, the promise rejects with the signal's
 * reason at once, and on a server (`cancelTimeoutMs` set) the statement is cancelled and
 * `state.cancelled` tells the connection's owner to close it rather than reuse it.
 */
export function runStatement<R extends QueryResultRow>(
  client: ClientBase,
  statement: QueryConfig,
  signal: AbortSignal | undefined,
  state: { cancelled: boolean },
  cancelTimeoutMs: number | undefined,
): Promise<QueryResult<R>> {
  if (signal === undefined) return client.query<R>(statement);
  if (signal.aborted) return Promise.reject(signal.reason);
  const running = client.query<R>(statement);
  return new Promise((resolve, reject) => {
    const abort = () => {
      reject(signal.reason);
      if (cancelTimeoutMs !== undefined) {
        state.cancelled = true;
        cancelStatement(client, cancelTimeoutMs);
      }
    };
    signal.addEventListener("abort", abort, { once: true });
    running.then(
      (result) => {
        signal.removeEventListener("abort", abort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}
