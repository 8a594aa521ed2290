// A call that cannot be served now because something the service needs is down or
// saturated (its database): answered 503 `unavailable` with `Retry-After`, at once, so
// the caller neither waits for its deadline nor sees a generic internal error. The gateway
// passes it on (it does not retry a 503 on another replica: every replica shares the
// database, nginx/gateway/proxy-retry-get.conf); the client retries idempotent calls after
// Retry-After. Storage layers throw it (shared/src/db); its message is for the log only.
export class ServiceUnavailable extends Error {
  override readonly name: string = "ServiceUnavailable";
}

/** Seconds a caller is asked to wait before trying again (`Retry-After`). */
export const unavailableRetryAfterSeconds = 1;
