// The framework-free Thrift-over-HTTP server: a request (method, path, headers,
// body) in, a response (status, headers, body) out, for one service. Adapters such
// as the Koa router only move bytes between it and their framework.
//
//   POST <mount>            a Thrift call in the body, protocol from Content-Type
//   POST <mount>/<method>   the same, the path naming the method (for logs and proxies)
//   GET  <mount>/<method>?m=…  a call of a `no_side_effects` method (see get.ts)
import { noStore } from "./cache";
import { contentCodingOf } from "./content-coding";
import { HandlerContext } from "./context";
import { deadlinePassed, parseTimeoutHeader, settleWithin, timeoutHeader } from "./deadline";
import type { ServiceDefinition } from "./definition";
import { decodeGetQuery } from "./get";
import { handlerFunctions } from "./handler";
import type { CallOutcome, ThriftHttpRequest, ThriftHttpRequestHead, ThriftHttpResponse } from "./http";
import { httpError } from "./http-error";
import { resolveDecodeLimits, type DecodeLimits } from "./limits";
import { decodeCall, declaredException, encodeApplicationException, encodeReply, type HandlerResult } from "./message";
import { createMethodEntry, type MethodEntry } from "./method-entry";
import { OnewayJob, type OnewayCall } from "./oneway-job";
import { acceptedContentTypes, protocolFromContentType, protocolOf, type ProtocolName } from "./protocols";
import { bodyDeadlineExceeded, deadlineExceeded, internalError, invalidTimeout } from "./replies";
import { methodNotAllowed, onewayAccepted, thriftReply, unsupportedContentEncoding } from "./replies";
import { WorkQueue } from "./work-queue";

export type { OnewayCall } from "./oneway-job";

export interface ThriftServiceOptions {
  /**
   * Longest a call may run, in milliseconds: it caps both the caller's
   * `Thrift-Timeout-Ms` and the method's `timeout_ms`, and applies when neither is
   * given. Default 30 000.
   */
  maxTimeoutMs?: number;
  /** What one message may hold; see `DecodeLimits` for the defaults. */
  limits?: Partial<DecodeLimits>;
  /** Oneway handlers running at once. Default 16. */
  onewayConcurrency?: number;
  /** Oneway calls waiting for a free slot; past it, calls are refused with 503. Default 1000. */
  onewayMaxQueued?: number;
  /**
   * Reports the error of a oneway handler, which no caller waits for. By default the
   * reporter given to `reportOnewayErrorsTo` (createServerApp's log), and until then a
   * line on standard error naming the call and the error's class only (its message and
   * properties may hold what must not be logged unfiltered).
   */
  onOnewayError?: (error: unknown, call: OnewayCall) => void;
}

export interface ThriftService {
  readonly definition: ServiceDefinition;
  /**
   * The answer to a request refused whatever its body (404, 405, 415 for a content type
   * or a `Content-Encoding` it does not take, or 400 for an invalid `Thrift-Timeout-Ms`),
   * so an adapter can send it before reading the body; undefined if the body is wanted.
   * A body that passed is read, and inflated per `contentCodingOf`, by the adapter:
   * `handle` takes it inflated.
   */
  precheck(head: ThriftHttpRequestHead): ThriftHttpResponse | undefined;
  /**
   * By when the body of a request that passed `precheck` must have arrived, in ms after
   * the request did: the call's deadline as far as its head tells (`Thrift-Timeout-Ms`,
   * capped by the method's `timeout_ms` when the path names the method, else by
   * `maxTimeoutMs`). An adapter stops reading then and answers `bodyTimedOut`.
   */
  bodyTimeoutMs(head: ThriftHttpRequestHead): number;
  /** The answer to a body that missed `bodyTimeoutMs`: 504 `deadline_exceeded`, as for a call past its deadline. */
  bodyTimedOut(head: ThriftHttpRequestHead, timeoutMs: number): ThriftHttpResponse;
  /** Answers one request. Never rejects: every failure is a response. */
  handle(request: ThriftHttpRequest): Promise<ThriftHttpResponse>;
  /** Resolves once every accepted oneway call has finished; graceful shutdown waits for it. */
  drain(): Promise<void>;
  /**
   * Where oneway handler errors go when no `onOnewayError` was given: createServerApp
   * points every service at its log.
   */
  reportOnewayErrorsTo(report: (error: unknown, call: OnewayCall) => void): void;
}

const unsupportedMediaType = `Expected a Content-Type of ${acceptedContentTypes.join(", ")}`;

/**
 * Serves `definition` with `handler`, whose type comes from the definition: a
 * handler with a missing, misnamed or mistyped method does not compile, and is
 * refused here too.
 */
export function createThriftService<H>(
  definition: ServiceDefinition<H, unknown>,
  handler: NoInfer<H>,
  options: ThriftServiceOptions = {},
): ThriftService {
  return new Service(definition, handler as object, options);
}

class Service implements ThriftService {
  readonly definition: ServiceDefinition;
  private readonly entries = new Map<string, MethodEntry>();
  private readonly limits: DecodeLimits;
  private readonly maxTimeoutMs: number;
  private readonly oneway: WorkQueue;
  private readonly ownOnewayReporter: boolean;
  private onOnewayError: (error: unknown, call: OnewayCall) => void;

  constructor(definition: ServiceDefinition, handler: object, options: ThriftServiceOptions) {
    this.definition = definition;
    this.limits = resolveDecodeLimits(options.limits);
    const maxTimeoutMs = positiveInteger("maxTimeoutMs", options.maxTimeoutMs, 30_000);
    this.maxTimeoutMs = maxTimeoutMs;
    this.oneway = new WorkQueue({
      concurrency: positiveInteger("onewayConcurrency", options.onewayConcurrency, 16),
      maxQueued: positiveInteger("onewayMaxQueued", options.onewayMaxQueued, 1000),
    });
    this.ownOnewayReporter = options.onOnewayError !== undefined;
    this.onOnewayError = options.onOnewayError ?? reportToConsole;
    for (const [name, fn] of handlerFunctions(definition, handler)) {
      this.entries.set(name, createMethodEntry(definition.methods[name]!, fn, maxTimeoutMs));
    }
  }

  precheck(head: ThriftHttpRequestHead): ThriftHttpResponse | undefined {
    const refusal = this.refuseHead(head);
    if (refusal !== undefined) return refusal;
    try {
      parseTimeoutHeader(head.headers[timeoutHeader]);
    } catch (error) {
      return invalidTimeout(error);
    }
    // A GET's body is never read: what it says of one does not matter.
    const encoding = head.headers["content-encoding"];
    if (encoding !== undefined && head.method !== "GET" && contentCodingOf(encoding) === undefined) {
      return unsupportedContentEncoding();
    }
    return undefined;
  }

  bodyTimeoutMs(head: ThriftHttpRequestHead): number {
    const cap = this.entryAt(head.path)?.timeoutMs ?? this.maxTimeoutMs;
    let callerTimeoutMs;
    try {
      callerTimeoutMs = parseTimeoutHeader(head.headers[timeoutHeader]);
    } catch {
      // Refused by precheck; an adapter that skipped it reads within the cap.
    }
    return callerTimeoutMs === undefined ? cap : Math.min(callerTimeoutMs, cap);
  }

  bodyTimedOut(head: ThriftHttpRequestHead, timeoutMs: number): ThriftHttpResponse {
    return bodyDeadlineExceeded(this.entryAt(head.path), timeoutMs);
  }

  /** The refusals that need the method, the path and the content type only. */
  private refuseHead(head: ThriftHttpRequestHead): ThriftHttpResponse | undefined {
    const { method, path } = head;
    if (path === "" || path === "/") {
      if (method !== "POST") return methodNotAllowed("POST", undefined);
    } else {
      const entry = this.entryAt(path);
      if (entry === undefined) {
        return httpError(404, "not_found", `Service ${this.definition.name} has no method ${path.slice(1)}`);
      }
      if (method === "GET" && entry.getable) return undefined;
      if (method !== "POST") return methodNotAllowed(entry.allow, entry.name);
    }
    if (protocolFromContentType(head.contentType) === undefined) {
      return httpError(415, "unsupported_media_type", unsupportedMediaType);
    }
    return undefined;
  }

  async handle(request: ThriftHttpRequest): Promise<ThriftHttpResponse> {
    const refusal = this.refuseHead(request);
    if (refusal !== undefined) return refusal;
    const receivedAt = request.receivedAt ?? Date.now();
    let callerTimeoutMs;
    try {
      callerTimeoutMs = parseTimeoutHeader(request.headers[timeoutHeader]);
    } catch (error) {
      return invalidTimeout(error);
    }
    const message =
      request.method === "GET"
        ? decodeGetQuery(request.query)
        : { protocol: protocolOf(protocolFromContentType(request.contentType)!, request.body), bytes: request.body };
    if ("error" in message) return httpError(400, "bad_request", message.error);
    const { protocol } = message;

    let call;
    try {
      call = decodeCall(this.definition, message.bytes, protocol, this.limits);
    } catch (error) {
      return httpError(400, "bad_request", `Undecodable Thrift message: ${(error as Error).message}`, { error });
    }
    const named = request.path.length > 1 ? this.entryAt(request.path) : undefined;
    const called = call.kind === "call" ? call.method.name : call.name;
    if (named !== undefined && named.name !== called) {
      return httpError(400, "bad_request", `The path names method ${named.name} but the message calls ${called}`);
    }
    if (call.kind === "rejected") {
      const body = encodeApplicationException(call.name, call.seqid, call.type, call.message, protocol);
      // The caller chose the name: only a method of the service may become a log field
      // or a metrics label (unbounded label values would exhaust the metrics' memory).
      const method = this.entries.has(call.name) ? call.name : undefined;
      return thriftReply(protocol, body, { method, outcome: "bad_request" });
    }
    const entry = this.entries.get(called)!;
    if (entry.definition.oneway) return this.enqueue(entry, call.args, request, protocol);
    const timeoutMs = callerTimeoutMs === undefined ? entry.timeoutMs : Math.min(callerTimeoutMs, entry.timeoutMs);
    return this.invoke(entry, call.args, call.seqid, protocol, request, receivedAt + timeoutMs, timeoutMs);
  }

  /** Runs the handler until `deadline` and answers with what it settled with. */
  private async invoke(
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
      return this.reply(entry, seqid, protocol, { kind: "success", value: settled.value }, cacheControl, "ok");
    }
    const error = settled.error;
    if (declaredException(entry.definition, error) !== undefined) {
      return this.reply(entry, seqid, protocol, { kind: "declared", error: error as Error }, noStore, "exception");
    }
    return internalError(entry, seqid, protocol, error);
  }

  drain(): Promise<void> {
    return this.oneway.drain();
  }

  reportOnewayErrorsTo(report: (error: unknown, call: OnewayCall) => void): void {
    if (!this.ownOnewayReporter) this.onOnewayError = report;
  }

  /** The entry of the method a path `/<method>` names. */
  private entryAt(path: string): MethodEntry | undefined {
    return path.charCodeAt(0) === 0x2f /* / */ ? this.entries.get(path.slice(1)) : undefined;
  }

  private reply(
    entry: MethodEntry,
    seqid: number,
    protocol: ProtocolName,
    result: HandlerResult,
    cacheControl: string,
    outcome: CallOutcome,
  ): ThriftHttpResponse {
    let body;
    try {
      body = encodeReply(entry.definition, seqid, protocol, result);
    } catch (error) {
      // E.g. a returned value without a required field: the half-written reply is dropped.
      return internalError(entry, seqid, protocol, error);
    }
    const error = result.kind === "declared" ? result.error : undefined;
    return thriftReply(protocol, body, { method: entry.name, outcome, error }, cacheControl);
  }

  // Answered as soon as the call is decoded; the handler runs afterwards on the queue.
  private enqueue(entry: MethodEntry, args: unknown[], request: ThriftHttpRequest, protocol: ProtocolName): ThriftHttpResponse {
    const job = new OnewayJob(this.definition.name, entry, args, request, this.onOnewayError);
    if (!this.oneway.offer(job)) {
      return httpError(503, "unavailable", "Too many oneway calls are waiting; retry later", {
        method: entry.name,
        outcome: "error",
      });
    }
    return onewayAccepted(entry, protocol, request.headers["user-agent"]);
  }
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`Option ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function reportToConsole(error: unknown, call: OnewayCall): void {
  const kind = error instanceof Error ? error.constructor.name : typeof error;
  const request = call.requestId.slice(0, 128);
  console.error(`Oneway call ${call.service}.${call.method} (request ${request}) failed with ${kind}; pass onOnewayError to log it`);
}
