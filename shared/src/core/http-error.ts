// Every HTTP-level failure (400, 404, 405, 413, 415, 503, 504) is answered with the
// same small JSON body, `{"code","message"}`, which the client decodes. Thrift-level
// failures are Thrift replies instead, with HTTP 200, as every Thrift client expects.
import type { CallOutcome, ThriftHttpResponse } from "./http";

export type HttpErrorCode =
  | "bad_request"
  | "not_found"
  | "method_not_allowed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unavailable"
  | "deadline_exceeded";

export interface HttpErrorOptions {
  /** Extra headers, e.g. `Allow` for a 405. */
  headers?: Record<string, string>;
  /** The method, when known, for the call report. */
  method?: string;
  /** The outcome to report; `bad_request` unless told. */
  outcome?: CallOutcome;
  /** The underlying error, for the server log. */
  error?: unknown;
}

export function httpError(
  status: number,
  code: HttpErrorCode,
  message: string,
  options: HttpErrorOptions = {},
): ThriftHttpResponse {
  return {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...options.headers },
    body: Buffer.from(JSON.stringify({ code, message })),
    call: { method: options.method, outcome: options.outcome ?? "bad_request", error: options.error },
  };
}
