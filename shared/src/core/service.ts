// The framework-free Thrift-over-HTTP server: a request (method, path, headers,
// body) in, a response (status, headers, body) out, for one service. Adapters such
// as the Koa router only move bytes between it and their framework.
//
//   POST <mount>            a Thrift call in the body, protocol from Content-Type
//   POST <mount>/<method>   the same, the path naming the method (for logs and proxies)
//   GET  <mount>/<method>?m=…  a call of a `no_side_effects` method (see get.ts)
import { contentCodingOf } from "./content-coding";
import { defaultMaxTimeoutMs, parseTimeoutHeader, timeoutHeader } from "./deadline";
import type { ServiceDefinition } from "./definition";
import { consumeKeptCalls, keepCall, runKeptCall, type OnewayConsumer, type OnewayStore } from "./durable-oneway";
import { decodeGetQuery } from "./get";
import { handlerFunctions } from "./handler";
import { answerHeaderFrame } from "./header-frame";
import type { BodyProblem, CallReport, ThriftHttpRequest, ThriftHttpRequestHead, ThriftHttpResponse } from "./http";
import { httpError } from "./http-error";
import { resolveDecodeLimits, type DecodeLimits } from "./limits";
import { decodeCall, encodeApplicationException, sentAsOneway } from "./message";
import { callReport, createMethodEntry, type MethodEntry } from "./method-entry";
import { OnewayJob, reportOnewayErrorToConsole, type OnewayErrorReporter } from "./oneway-job";
import { acceptedContentTypes, protocolFromContentType, protocolOf, type ProtocolName } from "./protocols";
import { bodyRefused, invalidTimeout, methodNotAllowed, unsupportedContentEncoding } from "./replies";
import { answerToOneway, onewayAccepted, onewayRefused, readsNoOnewayAnswer, thriftReply } from "./replies";
import { runHandler } from "./run-handler";
import { registeredTracer } from "./tracer";
import { WorkQueue } from "./work-queue";
import { quoted } from "./quote";

export type { OnewayErrorReporter } from "./oneway-job";

export interface ThriftServiceOptions {
  /**
   * Longest a call may run, in milliseconds: it caps both the caller's
   * `Thrift-Timeout-Ms` and the method's `timeout_ms`, and applies when neither is
   * given. Default `defaultMaxTimeoutMs` (30 000).
   */
  maxTimeoutMs?: number;
  /** What one message may hold. Default: `DecodeLimits`'s defaults, field by field. */
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
  onOnewayError?: OnewayErrorReporter;
  /**
   * Where the calls of `durable` oneway methods are kept until they have run (see
   * durable-oneway.ts); required when the IDL declares one. The service consumes the
   * store's calls of its own from creation until `drain`. Default none.
   */
  onewayStore?: OnewayStore;
}

export interface ThriftService {
  readonly definition: ServiceDefinition;
  /**
   * Step one of a request, before its body is read: the answer to a request refused
   * whatever its body (404, 405, 415 for a content type or a
   * `Content-Encoding` it does not take, or 400 for an invalid `Thrift-Timeout-Ms`), or, a
   * number, the call's timeout in ms as far as its head tells (`Thrift-Timeout-Ms`,
   * capped by the method's `timeout_ms` when the path names the method, else by
   * `maxTimeoutMs`). Counted from the request's arrival, it is also by when the body
   * must have arrived: an adapter stops reading then and answers `refuseBody`.
   */
  admit(head: ThriftHttpRequestHead): ThriftHttpResponse | number;
  /**
   * The answer to a request whose body the adapter could not read: too large (413), lost
   * (400), or not all there within the admitted timeout (504 `deadline_exceeded`, as for
   * a call past its deadline).
   */
  refuseBody(head: ThriftHttpRequestHead, problem: BodyProblem): ThriftHttpResponse;
  /**
   * Step two: answers the request, its body read. `admitted` is what `admit` returned for
   * it; without it, the request is admitted here first (for adapters that read the body
   * before asking, and tests). Never rejects: every failure is a response.
   */
  handle(request: ThriftHttpRequest, admitted?: number): Promise<ThriftHttpResponse>;
  /**
   * Resolves once every accepted oneway call has finished, and this replica has stopped
   * taking kept (durable) ones and finished those in hand; graceful shutdown waits for it.
   */
  drain(): Promise<void>;
  /**
   * Oneway calls accepted and not finished, running or waiting: what a shutdown cut
   * short now would lose. Kept (durable) calls are not counted: their store keeps them.
   */
  readonly onewayPending: number;
  /**
   * Where oneway handler errors go when no `onOnewayError` was given: createServerApp
   * points every service at its log.
   */
  reportOnewayErrorsTo(report: OnewayErrorReporter): void;
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
  private onOnewayError: OnewayErrorReporter;
  /** The report of a request refused before its method is known. */
  private readonly refused: CallReport;
  private readonly store: OnewayStore | undefined;
  private readonly consumer: OnewayConsumer | undefined;

  constructor(definition: ServiceDefinition, handler: object, options: ThriftServiceOptions) {
    this.definition = definition;
    this.refused = Object.freeze({ service: definition.name, method: undefined, outcome: "bad_request" });
    this.limits = resolveDecodeLimits(options.limits);
    const maxTimeoutMs = positiveInteger("maxTimeoutMs", options.maxTimeoutMs, defaultMaxTimeoutMs);
    this.maxTimeoutMs = maxTimeoutMs;
    this.oneway = new WorkQueue({
      concurrency: positiveInteger("onewayConcurrency", options.onewayConcurrency, 16),
      maxQueued: positiveInteger("onewayMaxQueued", options.onewayMaxQueued, 1000),
      // A waiting call's log lines and spans in its own trace, not the one before it.
      keepContext: registeredTracer() !== undefined,
    });
    this.ownOnewayReporter = options.onOnewayError !== undefined;
    this.onOnewayError = options.onOnewayError ?? reportOnewayErrorToConsole;
    for (const [name, fn] of handlerFunctions(definition, handler)) {
      this.entries.set(name, createMethodEntry(definition.name, definition.methods[name]!, fn, maxTimeoutMs));
    }
    this.store = options.onewayStore;
    this.consumer = consumeKeptCalls(definition, this.store, (call) =>
      runKeptCall(call, this.definition, this.entries, this.limits, this.onOnewayError),
    );
  }

  admit(head: ThriftHttpRequestHead): ThriftHttpResponse | number {
    const { method, path } = head;
    let entry: MethodEntry | undefined;
    if (path === "" || path === "/") {
      if (method !== "POST") return methodNotAllowed("POST", this.refused);
    } else {
      entry = this.entryAt(path);
      if (entry === undefined) {
        return httpError(
          "not_found",
          `Service ${this.definition.name} has no method ${quoted(path.slice(1))}`,
          this.refused,
        );
      }
      if (method !== "POST" && !(method === "GET" && entry.getable)) {
        return methodNotAllowed(entry.allow, callReport(entry, "bad_request"));
      }
    }
    if (method === "POST" && protocolFromContentType(head.contentType) === undefined) {
      return httpError("unsupported_media_type", unsupportedMediaType, this.refused);
    }
    let callerTimeoutMs;
    try {
      callerTimeoutMs = parseTimeoutHeader(head.headers[timeoutHeader]);
    } catch (error) {
      return invalidTimeout(error, this.refused);
    }
    // A GET's body is never read: what it says of one does not matter. A body that
    // passes is inflated by the adapter (per `contentCodingOf`): `handle` takes it inflated.
    const encoding = head.headers["content-encoding"];
    if (encoding !== undefined && method !== "GET" && contentCodingOf(encoding) === undefined) {
      return unsupportedContentEncoding(this.refused);
    }
    const cap = entry === undefined ? this.maxTimeoutMs : entry.timeoutMs;
    return callerTimeoutMs === undefined ? cap : Math.min(callerTimeoutMs, cap);
  }

  refuseBody(head: ThriftHttpRequestHead, problem: BodyProblem): ThriftHttpResponse {
    return bodyRefused(problem, this.definition.name, this.entryAt(head.path));
  }

  async handle(request: ThriftHttpRequest, admitted?: number): Promise<ThriftHttpResponse> {
    const timeoutMs = admitted ?? this.admit(request);
    if (typeof timeoutMs !== "number") return timeoutMs;
    const receivedAt = request.receivedAt ?? Date.now();
    if (request.method !== "GET") {
      const framed = answerHeaderFrame(request, this.refused, (inner) => this.handle(inner, timeoutMs));
      if (framed !== undefined) return framed;
    }
    const message =
      request.method === "GET"
        ? decodeGetQuery(request.query)
        : { protocol: protocolOf(protocolFromContentType(request.contentType)!, request.body), bytes: request.body };
    if ("error" in message) return httpError("bad_request", message.error, this.refused);
    const { protocol } = message;

    let call;
    try {
      call = decodeCall(this.definition, message.bytes, protocol, this.limits);
    } catch (error) {
      const report = { ...this.refused, error };
      return httpError("bad_request", `Undecodable Thrift message: ${(error as Error).message}`, report);
    }
    const named = request.path.length > 1 ? this.entryAt(request.path) : undefined;
    const called = call.kind === "call" ? call.method.name : call.name;
    if (named !== undefined && named.name !== called) {
      return httpError(
        "bad_request",
        `The path names method ${named.name} but the message calls ${called}`,
        this.refused,
      );
    }
    // A client that reads no answer to a message it sent as ONEWAY gets none, whatever
    // became of it (replies.ts): only one such client is known, so the header is read
    // again only for it.
    const userAgent = request.headers["user-agent"];
    const unanswered = readsNoOnewayAnswer(userAgent) && sentAsOneway(message.bytes, protocol);
    if (call.kind === "rejected") {
      const body = encodeApplicationException(call.name, call.seqid, call.type, call.message, protocol);
      // The caller chose the name: only a method of the service may become a log field
      // or a metrics label (unbounded label values would exhaust the metrics' memory).
      const entry = this.entries.get(call.name);
      const report = entry === undefined ? this.refused : callReport(entry, "bad_request");
      const refusal = thriftReply(protocol, body, report);
      return unanswered ? answerToOneway(refusal, userAgent) : refusal;
    }
    const entry = this.entries.get(called)!;
    // The admitted timeout is capped by this method's own only if the path did not name it.
    const callTimeoutMs = Math.min(timeoutMs, entry.timeoutMs);
    const deadline = receivedAt + callTimeoutMs;
    if (entry.definition.oneway) {
      if (entry.definition.policy.durable) {
        return keepCall(this.store!, entry, protocol, message.bytes, request, deadline, callTimeoutMs);
      }
      return this.enqueue(entry, call.args, request, protocol);
    }
    const answer = runHandler(entry, call.args, call.seqid, protocol, request, deadline, callTimeoutMs);
    return unanswered ? answer.then((done) => answerToOneway(done, userAgent)) : answer;
  }

  async drain(): Promise<void> {
    await Promise.all([this.oneway.drain(), this.consumer?.stop()]);
  }

  get onewayPending(): number {
    return this.oneway.pending;
  }

  reportOnewayErrorsTo(report: OnewayErrorReporter): void {
    if (!this.ownOnewayReporter) this.onOnewayError = report;
  }

  /** The entry of the method a path `/<method>` names. */
  private entryAt(path: string): MethodEntry | undefined {
    return path.charCodeAt(0) === 0x2f /* / */ ? this.entries.get(path.slice(1)) : undefined;
  }

  // Answered as soon as the call is decoded; the handler runs afterwards on the queue.
  private enqueue(
    entry: MethodEntry,
    args: unknown[],
    request: ThriftHttpRequest,
    protocol: ProtocolName,
  ): ThriftHttpResponse {
    const job = new OnewayJob(entry, args, request, this.onOnewayError);
    const userAgent = request.headers["user-agent"];
    if (!this.oneway.offer(job)) {
      const full = httpError(
        "unavailable",
        "Too many oneway calls are waiting; retry later",
        callReport(entry, "error"),
      );
      return onewayRefused(full, userAgent);
    }
    return onewayAccepted(entry, protocol, userAgent);
  }
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`Option ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}
