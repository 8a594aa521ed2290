// How a database failure is told apart: the database unreachable (every replica sees the
// same, so calls are answered 503 at once and a probe waits for it to return), the pool
// saturated (503 too, but the database is fine), or an error of the statement itself
// (a constraint, a bug), which the store or the handler deals with.
import { ServiceUnavailable } from "../core/unavailable";

/** The database cannot be reached, or refuses connections: answered 503 `unavailable`. */
export class DatabaseUnavailable extends ServiceUnavailable {
  override readonly name = "DatabaseUnavailable";
}

// SQLSTATE class 08 (connection exception); 57P01-57P03: the server is shutting down,
// crashed, or not yet accepting connections (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const serverGone = /^(08...|57P0[123])$/;
// Node's socket and DNS failures.
const socketFailures = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
]);
// node-postgres reports a lost or timed-out connection by message only.
const lostConnection =
  /^(Connection terminated|Client has encountered a connection error|Connection ended|timeout expired)/;

/** pg-pool's answer when no connection frees up within the connect timeout: saturated, not down. */
export const poolTimeoutMessage = "timeout exceeded when trying to connect";
// 53300 too_many_connections: the server is up but full.
const saturated = new Set(["53300"]);

/** What is read of an error: Node's socket errors may come from another realm (not `instanceof Error` there). */
interface ErrorLike {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
}

function fields(error: unknown): { message: string; code: string | undefined; cause: unknown } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { message, code, cause } = error as ErrorLike;
  return {
    message: typeof message === "string" ? message : "",
    code: typeof code === "string" ? code : undefined,
    cause,
  };
}

/** The server is unreachable, gone, or not accepting connections. */
export function isConnectionFailure(error: unknown): boolean {
  const found = fields(error);
  if (found === undefined) return false;
  const { message, code, cause } = found;
  if (code !== undefined && (serverGone.test(code) || socketFailures.has(code))) return true;
  return lostConnection.test(message) || (cause !== undefined && cause !== error && isConnectionFailure(cause));
}

/** No connection could be had although the server is up: the pool or the server is full. */
export function isSaturation(error: unknown): boolean {
  const found = fields(error);
  return (
    found !== undefined &&
    (found.message === poolTimeoutMessage || (found.code !== undefined && saturated.has(found.code)))
  );
}

/** A short, credential-free name of a failure for logs and DatabaseUnavailable messages. */
export function failureName(error: unknown): string {
  const found = fields(error);
  if (found === undefined) return String(error);
  return found.code !== undefined ? `${found.code}: ${found.message}` : found.message;
}
