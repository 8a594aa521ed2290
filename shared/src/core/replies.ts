// The responses the service builds itself, beside the Thrift replies of message.ts.
import { Thrift } from "thrift";
import { noStore } from "./cache";
import { acceptedRequestEncodings } from "./content-coding";
import type { ThriftHttpResponse } from "./http";
import { httpError } from "./http-error";
import { encodeApplicationException } from "./message";
import type { MethodEntry } from "./method-entry";
import { contentTypes, type ProtocolName } from "./protocols";

const emptyBody = Buffer.alloc(0);

/** How Apache's C++ THttpClient names itself: `User-Agent: Thrift/<version> (C++/THttpClient)`. */
const cppHttpClient = /\bThrift\/(\d+)\.(\d+)\S* \(C\+\+\/THttpClient\)/;

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

/**
 * A oneway call, accepted: 200 with an empty body in the call's protocol. Not 204:
 * Apache's Node client fails on any status but 200, oneway calls included, and its Python
 * client waits for the headers of an answer, so every stock client accepts this one.
 *
 * Except Apache's C++ THttpClient before 0.24.0, which reads no answer to a oneway call
 * (Apache's C++ server sent none until THRIFT-6021) and would take this one for its next
 * call's. Its parser skips a `100 Continue`, so that is what it gets. From 0.24.0 on it
 * reads and drops the oneway call's answer, and must get a final one: 200, as everyone.
 */
export function onewayAccepted(entry: MethodEntry, protocol: ProtocolName, userAgent: unknown): ThriftHttpResponse {
  if (readsNoOnewayAnswer(userAgent)) {
    return { status: 100, headers: {}, body: emptyBody, call: { method: entry.name, outcome: "oneway" } };
  }
  return {
    status: 200,
    headers: { "content-type": contentTypes[protocol], "cache-control": noStore },
    body: emptyBody,
    call: { method: entry.name, outcome: "oneway" },
  };
}

function readsNoOnewayAnswer(userAgent: unknown): boolean {
  if (typeof userAgent !== "string") return false;
  const version = cppHttpClient.exec(userAgent);
  return version !== null && Number(version[1]) === 0 && Number(version[2]) < 24;
}

/**
 * A body in a content coding the service cannot inflate: 415, as RFC 9110 §15.5.16 says,
 * with the codings it can in `Accept-Encoding`.
 */
export function unsupportedContentEncoding(): ThriftHttpResponse {
  const message = `Content-Encoding must be one of ${acceptedRequestEncodings} (one at most), or none`;
  return httpError(415, "unsupported_media_type", message, { headers: { "accept-encoding": acceptedRequestEncodings } });
}

/** An unreadable `Thrift-Timeout-Ms`: the parser's error says what was expected. */
export function invalidTimeout(error: unknown): ThriftHttpResponse {
  return httpError(400, "bad_request", (error as Error).message);
}

export function methodNotAllowed(allow: string, method: string | undefined): ThriftHttpResponse {
  return httpError(405, "method_not_allowed", `Allowed here: ${allow}`, { headers: { allow }, method });
}

export function deadlineExceeded(entry: MethodEntry, timeoutMs: number): ThriftHttpResponse {
  const message = `${entry.name} did not finish within its deadline of ${timeoutMs} ms`;
  return httpError(504, "deadline_exceeded", message, { method: entry.name, outcome: "timeout" });
}

/** The body did not arrive by the call's deadline: the same 504 as a call past it. */
export function bodyDeadlineExceeded(entry: MethodEntry | undefined, timeoutMs: number): ThriftHttpResponse {
  const message = `The request body did not arrive within the call's deadline of ${timeoutMs} ms`;
  return httpError(504, "deadline_exceeded", message, { method: entry?.name, outcome: "timeout" });
}
