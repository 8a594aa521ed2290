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
const lostConnection = /^(Connection terminated|Client has encountered a connection error|Connection ended|timeout expired)/;

/** pg-pool's answer when no connection frees up within the connect timeout: saturated, not down. */
export const poolTimeoutMessage = "timeout exceeded when trying to connect";
// 53300 too_many_connections: the server is up but full.
const saturated = new Set(["53300"]);

/** The server is unreachable, gone, or not accepting connections. */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (serverGone.test(code) || socketFailures.has(code))) return true;
  return lostConnection.test(error.message) || (error.cause !== undefined && isConnectionFailure(error.cause));
}

/** No connection could be had although the server is up: the pool or the server is full. */
export function isSaturation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return error.message === poolTimeoutMessage || (typeof code === "string" && saturated.has(code));
}

/** A short, credential-free name of a failure for logs and DatabaseUnavailable messages. */
export function failureName(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${code}: ${error.message}` : error.message;
}
