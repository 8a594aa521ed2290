// Every `code` of the JSON error body, `{"code","message"}`, that this stack answers at
// the HTTP level, whoever answers it: a service (the core, the server's middleware, its
// HTTP parser's refusals) or the gateway (nginx/gateway/error-codes.conf, checked against
// this list by nginx/test/errors.test.ts). A status answered by both carries the same code,
// so a caller need not know which of the two refused. The client reads it as
// `HttpStatusError.serverCode`. Thrift-level failures are Thrift replies, not these.

/** Each code and its statuses: the first is the one a service answers with. */
export const errorCodes = {
  /** Malformed HTTP, message, GET query, `Thrift-Timeout-Ms`, or an unreadable body (compressed: not valid data of its coding; or in too many tiny pieces). */
  bad_request: [400],
  /** Credentials missing or wrong (with `WWW-Authenticate`). */
  unauthenticated: [401],
  /** No route, or no such method. */
  not_found: [404],
  /** The method is not allowed on the path (with `Allow`). */
  method_not_allowed: [405],
  /** The request head did not all arrive in time (a service's; nginx closes instead). */
  request_timeout: [408],
  /** The body is over the limit, declared, as it arrives or, compressed, as it inflates. */
  payload_too_large: [413],
  /** The gateway's: a request line over its buffer (a GET call too long: send it as POST). */
  uri_too_long: [414],
  /** The content type is not a Thrift one, or the `Content-Encoding` not one a service inflates (with `Accept-Encoding`). */
  unsupported_media_type: [415],
  /** A service's: an `Expect` other than `100-continue`. */
  expectation_failed: [417],
  /** The gateway's: over a rate limit (with `Retry-After`). */
  rate_limited: [429],
  /** The request head, or one header, is over the limit. */
  headers_too_large: [431],
  /** A failure of the server itself (a handler's failure is a Thrift `INTERNAL_ERROR`). */
  internal: [500],
  /** `CONNECT`, a `Transfer-Encoding` other than chunked; and the gateway's: `TRACE`. */
  not_implemented: [501],
  /** Not ready or draining, the oneway queue full, a resource the call needs (its database) unavailable (503, with `Retry-After`); the gateway reached no replica (502). */
  unavailable: [503, 502],
  /** The call, or its body, did not finish by its deadline; the gateway got no answer in time. */
  deadline_exceeded: [504],
  /** An HTTP version other than 1.0 and 1.1 in a request line (the gateway also speaks 2, by ALPN). */
  http_version_not_supported: [505],
} as const satisfies Record<string, readonly [number, ...number[]]>;

export type ErrorCode = keyof typeof errorCodes;

/** The status a service answers `code` with. */
export function statusOf(code: ErrorCode): number {
  return errorCodes[code][0];
}

/** Whether `code` (a `serverCode`, say) is one of this stack's. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(errorCodes, code);
}
