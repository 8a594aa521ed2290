// The responses the service builds itself, beside the Thrift replies of message.ts.
import { Thrift } from "thrift";
import { noStore } from "./cache";
import { acceptedRequestEncodings } from "./content-coding";
import type { BodyProblem, CallOutcome, CallReport, ThriftHttpResponse } from "./http";
import { httpError } from "./http-error";
import { encodeApplicationException } from "./message";
import { callReport, type MethodEntry } from "./method-entry";
import { contentTypes, type ProtocolName } from "./protocols";
import { unavailableRetryAfterSeconds } from "./unavailable";

const emptyBody = Buffer.alloc(0);

/** How Apache's C++ THttpClient names itself: `User-Agent: Thrift/<version> (C++/THttpClient)`. */
const cppHttpClient = /\bThrift\/(\d+)\.(\d+)\S* \(C\+\+\/THttpClient\)/;

/** A Thrift reply: HTTP 200, whatever it says. */
export function thriftReply(
  protocol: ProtocolName,
  body: Buffer,
  call: CallReport,
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
  return thriftReply(protocol, body, callReport(entry, "error", error));
}

/**
 * The handler failed once its caller had gone away (closed the connection, or reset the
 * stream), as a handler passing its signal on does: no one reads this answer, and the
 * failure is the caller's leaving, not the service's, so it is `cancelled`, logged at
 * info without a stack. Any caller could otherwise fill the error log at will. Its status
 * is nginx's for a call its client closed, 499, which the gateway logs for the same call.
 */
export function callerGone(entry: MethodEntry): ThriftHttpResponse {
  return { status: 499, headers: {}, body: emptyBody, call: callReport(entry, "cancelled") };
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
    return { status: 100, headers: {}, body: emptyBody, call: entry.accepted };
  }
  return {
    status: 200,
    headers: { "content-type": contentTypes[protocol], "cache-control": noStore },
    body: emptyBody,
    call: entry.accepted,
  };
}

/**
 * A oneway call refused (its queue full, its store down): `refusal`, with `Connection:
 * close` for a client that reads no oneway answer (C++'s THttpClient before 0.24.0). That
 * client reads the refusal as its next call's answer, and that call fails; on a connection
 * kept open, every later call would then read the answer of the call before it.
 */
export function onewayRefused(refusal: ThriftHttpResponse, userAgent: unknown): ThriftHttpResponse {
  if (!readsNoOnewayAnswer(userAgent)) return refusal;
  return { ...refusal, headers: { ...refusal.headers, connection: "close" } };
}

/**
 * The answer to a message sent as ONEWAY that was not run as a oneway call (an unknown
 * method, arguments that do not decode, a method the IDL does not declare oneway), for a
 * client that reads no oneway answer: none (`100 Continue`), whatever it was, as for an
 * accepted one, so that its next call reads its own answer. The call's report, and so its
 * access-log line, is kept. To anyone else, `answer` as it is.
 */
export function answerToOneway(answer: ThriftHttpResponse, userAgent: unknown): ThriftHttpResponse {
  if (answer.status !== 200 || !readsNoOnewayAnswer(userAgent)) return answer;
  return { status: 100, headers: {}, body: emptyBody, call: answer.call };
}

/** Whether `userAgent` is Apache's C++ THttpClient before 0.24.0, which reads no answer to a oneway call. */
export function readsNoOnewayAnswer(userAgent: unknown): boolean {
  // Asked of every call: the search for the client's name first, the version only then.
  if (typeof userAgent !== "string" || !userAgent.includes("(C++/THttpClient)")) return false;
  const version = cppHttpClient.exec(userAgent);
  return version !== null && Number(version[1]) === 0 && Number(version[2]) < 24;
}

/**
 * A body in a content coding the service cannot inflate: 415, as RFC 9110 §15.5.16 says,
 * with the codings it can in `Accept-Encoding`.
 */
export function unsupportedContentEncoding(call: CallReport): ThriftHttpResponse {
  const message = `Content-Encoding must be one of ${acceptedRequestEncodings} (one at most), or none`;
  return httpError("unsupported_media_type", message, call, { "accept-encoding": acceptedRequestEncodings });
}

/** An unreadable `Thrift-Timeout-Ms`: the parser's error says what was expected. */
export function invalidTimeout(error: unknown, call: CallReport): ThriftHttpResponse {
  return httpError("bad_request", (error as Error).message, call);
}

/**
 * A call that found a resource it needs unavailable (a `ServiceUnavailable`, or a durable
 * call its store could not keep): 503 with `Retry-After` and a fixed message, the real
 * error for the log only.
 */
export function unavailable(entry: MethodEntry, error: unknown): ThriftHttpResponse {
  const message = `${entry.name} cannot be served now: a resource it needs is unavailable; retry later`;
  const retryAfter = { "retry-after": String(unavailableRetryAfterSeconds) };
  return httpError("unavailable", message, callReport(entry, "error", error), retryAfter);
}

export function methodNotAllowed(allow: string, call: CallReport): ThriftHttpResponse {
  return httpError("method_not_allowed", `Allowed here: ${allow}`, call, { allow });
}

export function deadlineExceeded(entry: MethodEntry, timeoutMs: number): ThriftHttpResponse {
  const message = `${entry.name} did not finish within its deadline of ${timeoutMs} ms`;
  return httpError("deadline_exceeded", message, callReport(entry, "timeout"));
}

/**
 * The answer to a body the adapter could not read. A body refused before its end (too
 * large, late) closes the connection: its remaining bytes are unknown, and would be read
 * as the next request.
 */
export function bodyRefused(problem: BodyProblem, service: string, entry: MethodEntry | undefined): ThriftHttpResponse {
  const close = { connection: "close" };
  switch (problem.kind) {
    case "too_large": {
      const body = problem.inflatedFrom === undefined ? "The body" : `The body inflated from ${problem.inflatedFrom}`;
      return httpError(
        "payload_too_large",
        `${body} exceeds the limit of ${problem.maxBytes} bytes`,
        report(service, entry, "bad_request"),
        close,
      );
    }
    case "unreadable":
      return httpError(
        "bad_request",
        "The body could not be read",
        report(service, entry, "bad_request", problem.error),
      );
    case "not_inflatable": {
      // zlib's messages name what is wrong ("incorrect header check", "unexpected end of
      // file") and nothing of the bytes: safe to send.
      const message = `The body is not valid ${problem.coding} data: ${problem.error.message}`;
      return httpError(
        "bad_request",
        message,
        report(service, entry, "bad_request", problem.error),
        problem.complete ? undefined : close,
      );
    }
    case "fragmented": {
      const message = `The body came in over ${problem.pieces - 1} pieces averaging under ${problem.minAverageBytes} bytes`;
      return httpError("bad_request", message, report(service, entry, "bad_request"), close);
    }
    case "late": {
      const message = `The request body did not arrive within the call's deadline of ${problem.timeoutMs} ms`;
      return httpError("deadline_exceeded", message, report(service, entry, "timeout"), close);
    }
    case "busy": {
      const message = "Too many request bytes are in hand; retry later";
      const headers = { ...close, "retry-after": String(unavailableRetryAfterSeconds) };
      return httpError("unavailable", message, report(service, entry, "error"), headers);
    }
  }
}

function report(service: string, entry: MethodEntry | undefined, outcome: CallOutcome, error?: unknown): CallReport {
  return entry === undefined ? { service, method: undefined, outcome, error } : callReport(entry, outcome, error);
}
