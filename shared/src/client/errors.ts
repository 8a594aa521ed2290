// Every way a call can fail, as one small hierarchy with a stable `code`, so callers
// can branch on `error.code` (or `instanceof`) instead of parsing messages. Declared
// IDL exceptions are not here: they reject as the generated Error subclass itself.

/** The stable, machine-readable kind of a client failure. */
export type ClientErrorCode = "transport" | "timeout" | "aborted" | "http_status" | "application" | "protocol";

/** Base class of every error the client raises for a failed call. */
export abstract class ClientError extends Error {
  abstract readonly code: ClientErrorCode;
}

/**
 * The request got no whole, well-formed HTTP answer: the connection was refused, reset or
 * closed early, TLS failed, the answer broke HTTP/1.1 or HTTP/2 framing (or its headers
 * were too large), the HTTP/2 stream or session was reset, refused or ended by GOAWAY,
 * or the client was closed. Retried for `idempotent` and `no_side_effects` methods, and
 * once for any method when the server provably did not process the request.
 */
export class TransportError extends ClientError {
  override readonly name = "TransportError";
  readonly code = "transport";
}

/** The call's deadline passed before it completed. */
export class TimeoutError extends ClientError {
  override readonly name = "TimeoutError";
  readonly code = "timeout";

  /** The time the call was given, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`The call did not complete within its deadline of ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's signal (or the calling handler's) cancelled the call. */
export class AbortError extends ClientError {
  override readonly name = "AbortError";
  readonly code = "aborted";

  constructor(reason: unknown) {
    super("The call was aborted", { cause: reason });
  }
}

/**
 * The server or a proxy answered with a non-2xx status (1xx are skipped, redirects not
 * followed). Of its body, at most 16 KiB is read, for a JSON `{ code, message }`.
 */
export class HttpStatusError extends ClientError {
  override readonly name = "HttpStatusError";
  readonly code = "http_status";

  readonly status: number;
  /**
   * The `code` of a JSON error body (`{ "code", "message" }`), if the answer had one. From
   * this stack's services and gateway it is one of `errorCodes` (core/error-codes.ts, the
   * `ErrorCode` type; `isErrorCode` tells): `payload_too_large`, `rate_limited`, …
   */
  readonly serverCode: string | undefined;
  /** The `Retry-After` delay in milliseconds, if the answer had one. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, message: string, serverCode?: string, retryAfterMs?: number) {
    super(message);
    this.status = status;
    this.serverCode = serverCode;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The server answered with a Thrift `TApplicationException` (unknown method, internal
 * error, …), or with a reply to the call that holds no result the client knows
 * (`MISSING_RESULT`: typically an exception declared by a newer IDL).
 */
export class ApplicationError extends ClientError {
  override readonly name = "ApplicationError";
  readonly code = "application";

  /** The `Thrift.TApplicationExceptionType` sent by the server. */
  readonly type: number;

  constructor(type: number, message: string) {
    super(message);
    this.type = type;
  }
}

/**
 * A 2xx answer that is not the reply to the call: undecodable, over `maxReplyBytes`, or
 * a message of another method, seqid or type than the call's reply.
 */
export class ProtocolError extends ClientError {
  override readonly name = "ProtocolError";
  readonly code = "protocol";
}
