// When a failed attempt may be repeated, how many attempts a call may make, and how long
// to wait before the next: the one place the client's retry rules are written.
import type { RetryOptions } from "./options";
import { HttpStatusError, TransportError } from "./errors";
import { UnprocessedError } from "./send";

// Statuses that mean "not handled, try again": a proxy without a healthy upstream,
// an overloaded server, an upstream timeout. A 429 only counts when the server says
// when (`Retry-After`): retrying a rate limit blindly just spends the limit again.
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

// Transport failures that no retry can fix: the client itself is closed, or undici
// refused the request as malformed.
const FINAL_TRANSPORT_CODES = new Set(["UND_ERR_CLOSED", "UND_ERR_DESTROYED", "UND_ERR_INVALID_ARG"]);

/**
 * Attempts a call may make. A method with side effects gets one retry at most (RFC 9110
 * §9.2.2: a failed automatic retry is not retried), and only after `isRetryable` allows it.
 */
export function maxAttempts(idempotent: boolean, retry: Required<RetryOptions>): number {
  return idempotent ? retry.maxAttempts : Math.min(2, retry.maxAttempts);
}

/**
 * Whether a failed attempt may be repeated: one the server provably did not process
 * (RFC 9113 §8.7: a refused HTTP/2 stream, or one a GOAWAY left unprocessed) whatever
 * the method; other failures only for methods declared `idempotent` or `no_side_effects`.
 */
export function isRetryable(error: unknown, idempotent: boolean): boolean {
  if (error instanceof UnprocessedError) return true;
  if (!idempotent) return false;
  if (error instanceof TransportError) {
    const cause = error.cause as { code?: unknown } | undefined;
    return !FINAL_TRANSPORT_CODES.has(String(cause?.code));
  }
  if (error instanceof HttpStatusError) {
    return RETRYABLE_STATUSES.has(error.status) || (error.status === 429 && error.retryAfterMs !== undefined);
  }
  return false;
}

/**
 * The wait before retrying after failed attempt number `attempt` (1-based):
 * exponential backoff with full jitter, but never shorter than a `Retry-After`.
 */
export function retryDelayMs(error: unknown, attempt: number, retry: Required<RetryOptions>): number {
  const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  const backoff = Math.random() * cap;
  const retryAfter = error instanceof HttpStatusError ? (error.retryAfterMs ?? 0) : 0;
  return Math.max(backoff, retryAfter);
}

/** A `Retry-After` header (delay in seconds or an HTTP date) in milliseconds from now. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  if (typeof value !== "string") return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Every HTTP-date form starts with the day name; Date.parse takes "-1" for a year.
  const date = /^[A-Za-z]/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
