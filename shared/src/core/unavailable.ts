// A call that cannot be served now because something the service needs is down or
// saturated (its database): answered 503 `unavailable` with `Retry-After`, at once, so
// the caller neither waits for its deadline nor sees a generic internal error. nginx
// retries a GET on another replica after a 503; the client retries idempotent calls.
// Storage layers throw it (shared/src/db); its message is for the log only.
export class ServiceUnavailable extends Error {
  override readonly name: string = "ServiceUnavailable";
}

/** Seconds a caller is asked to wait before trying again (`Retry-After`). */
export const unavailableRetryAfterSeconds = 1;
