// How a two-way call ends: its handler runs until the call's deadline, and what it
// settles with becomes the response (the result, a declared exception, 503 for
// `ServiceUnavailable`, 499 for a caller gone, or an internal error that tells the
// caller nothing of the error itself). service.ts decides what runs; this runs it.
import { noStore } from "./cache";
import { HandlerContext } from "./context";
import { deadlinePassed, settleWithin } from "./deadline";
import type { ThriftHttpRequest, ThriftHttpResponse } from "./http";
import { declaredException, encodeReply, type HandlerResult } from "./message";
import { callReport, type MethodEntry } from "./method-entry";
import type { ProtocolName } from "./protocols";
import { callerGone, deadlineExceeded, internalError, thriftReply, unavailable } from "./replies";
import { ServiceUnavailable } from "./unavailable";

/**
 * Runs `entry`'s handler with `args` until `deadline` (ms since the epoch) and answers
 * with what it settled with; `timeoutMs` is the call's timeout, for the 504's report.
 * Never rejects: every failure is a response.
 */
export async function runHandler(
  entry: MethodEntry,
  args: unknown[],
  seqid: number,
  protocol: ProtocolName,
  request: ThriftHttpRequest,
  deadline: number,
  timeoutMs: number,
): Promise<ThriftHttpResponse> {
  const remaining = deadline - Date.now();
  if (remaining <= 0) return deadlineExceeded(entry, timeoutMs);
  const context = new HandlerContext(request, deadline);
  args.push(context);
  let promise: Promise<unknown>;
  try {
    promise = Promise.resolve(entry.fn.apply(undefined, args));
  } catch (error) {
    promise = Promise.reject(error);
  }
  const settled = await settleWithin(promise, remaining);
  if (settled === undefined) {
    context.abort(deadlinePassed());
    return deadlineExceeded(entry, timeoutMs);
  }
  if (settled.ok) {
    const cacheControl =
      request.identity === undefined ? entry.cacheControl.anonymous : entry.cacheControl.authenticated;
    return reply(entry, seqid, protocol, { kind: "success", value: settled.value }, cacheControl);
  }
  const error = settled.error;
  if (declaredException(entry.definition, error) !== undefined) {
    return reply(entry, seqid, protocol, { kind: "declared", error: error as Error }, noStore);
  }
  if (error instanceof ServiceUnavailable) return unavailable(entry, error);
  if (request.signal?.aborted === true) return callerGone(entry);
  return internalError(entry, seqid, protocol, error);
}

function reply(
  entry: MethodEntry,
  seqid: number,
  protocol: ProtocolName,
  result: HandlerResult,
  cacheControl: string,
): ThriftHttpResponse {
  let body;
  try {
    body = encodeReply(entry.definition, seqid, protocol, result);
  } catch (error) {
    // E.g. a returned value without a required field: the half-written reply is dropped.
    return internalError(entry, seqid, protocol, error);
  }
  const report = result.kind === "success" ? entry.ok : callReport(entry, "exception", result.error);
  return thriftReply(protocol, body, report, cacheControl);
}
