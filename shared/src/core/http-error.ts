// Every HTTP-level failure (400, 404, 405, 413, 415, 503, 504) is answered with the
// same small JSON body, `{"code","message"}` (the codes: error-codes.ts), which the
// client decodes. Thrift-level failures are Thrift replies instead, with HTTP 200, as
// every Thrift client expects.
import { noStore } from "./cache";
import { statusOf, type ErrorCode } from "./error-codes";
import type { CallReport, ThriftHttpResponse } from "./http";

/** The media type of every refusal's body, from the Thrift router, the Koa app or Node's parser alike. */
export const errorContentType = "application/json";

/** Every refusal's body, `{"code","message"}`: the shape the client decodes. */
export function errorBody(code: ErrorCode, message: string): string {
  return JSON.stringify({ code, message });
}

/**
 * The answer to a request refused at the HTTP level: the code's status, the JSON body
 * `{"code","message"}`, `no-store`, and `call`, how the refusal is logged and counted.
 */
export function httpError(
  code: ErrorCode,
  message: string,
  call: CallReport,
  headers?: Readonly<Record<string, string>>,
): ThriftHttpResponse {
  return {
    status: statusOf(code),
    headers: { "content-type": errorContentType, "cache-control": noStore, ...headers },
    body: Buffer.from(errorBody(code, message)),
    call,
  };
}
