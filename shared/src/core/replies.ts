// The responses the service builds itself, beside the Thrift replies of message.ts.
import { Thrift } from "thrift";
import { noStore } from "./cache";
import type { ThriftHttpResponse } from "./http";
import { httpError } from "./http-error";
import { encodeApplicationException } from "./message";
import type { MethodEntry } from "./method-entry";
import { contentTypes, type ProtocolName } from "./protocols";
import { unavailableRetryAfterSeconds } from "./unavailable";

const emptyBody = Buffer.alloc(0);

/** A Thrift reply: HTTP 200, whatever it says. */
export function thriftReply(
  protocol: ProtocolName,
  body: Buffer,
  call: ThriftHttpResponse["call"],
  cacheControl: string = noStore,
): ThriftHttpResponse {
  return {
    status: 200,
    headers: { "content-type": contentTypes[protocol], "cache-control": cacheControl },
    body,
    call,
  };
}

/** Any unexpected handler or serialisation error: a generic message for the caller, the real error for the log. */
export function internalError(
  entry: MethodEntry,
  seqid: number,
  protocol: ProtocolName,
  error: unknown,
): ThriftHttpResponse {
  const type = Thrift.TApplicationExceptionType.INTERNAL_ERROR;
  const body = encodeApplicationException(entry.name, seqid, type, "Internal error", protocol);
  return thriftReply(protocol, body, { method: entry.name, outcome: "error", error });
}

/** A oneway call, accepted. */
export function onewayAccepted(entry: MethodEntry): ThriftHttpResponse {
  return {
    status: 204,
    headers: { "cache-control": noStore },
    body: emptyBody,
    call: { method: entry.name, outcome: "oneway" },
  };
}

/**
 * A call that found a resource it needs unavailable (a `ServiceUnavailable`): 503 with a
 * fixed message, the real error for the log only.
 */
export function unavailable(method: string, error: unknown): ThriftHttpResponse {
  const message = `${method} cannot be served now: a resource it needs is unavailable; retry later`;
  return httpError(503, "unavailable", message, {
    headers: { "retry-after": String(unavailableRetryAfterSeconds) },
    method,
    outcome: "error",
    error,
  });
}

export function methodNotAllowed(allow: string, method: string | undefined): ThriftHttpResponse {
  return httpError(405, "method_not_allowed", `Allowed here: ${allow}`, { headers: { allow }, method });
}

export function deadlineExceeded(entry: MethodEntry, timeoutMs: number): ThriftHttpResponse {
  const message = `${entry.name} did not finish within its deadline of ${timeoutMs} ms`;
  return httpError(504, "deadline_exceeded", message, { method: entry.name, outcome: "timeout" });
}
