// Every HTTP-level failure (400, 404, 405, 413, 415, 503, 504) is answered with the
// same small JSON body, `{"code","message"}`, which the client decodes. Thrift-level
// failures are Thrift replies instead, with HTTP 200, as every Thrift client expects.
import { noStore } from "./cache";
import type { CallReport, ThriftHttpResponse } from "./http";

export type HttpErrorCode =
  | "bad_request"
  | "not_found"
  | "method_not_allowed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unavailable"
  | "deadline_exceeded";

/**
 * The answer to a request refused at the HTTP level: `status`, the JSON body
 * `{"code","message"}`, `no-store`, and `call`, how the refusal is logged and counted.
 */
export function httpError(
  status: number,
  code: HttpErrorCode,
  message: string,
  call: CallReport,
  headers?: Readonly<Record<string, string>>,
): ThriftHttpResponse {
  return {
    status,
    headers: { "content-type": "application/json", "cache-control": noStore, ...headers },
    body: Buffer.from(JSON.stringify({ code, message })),
    call,
  };
}
