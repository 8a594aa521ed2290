// The framework-free Thrift-over-HTTP server: a request (method, path, headers,
// body) in, a response (status, headers, body) out, for one service. Adapters such
// as the Koa router only move bytes between it and their framework.
//
//   POST <mount>            a Thrift call in the body, protocol from Content-Type
//   POST <mount>/<method>   the same, the path naming the method (for logs and proxies)
//   GET  <mount>/<method>?m=…  a call of a `no_side_effects` method (see get.ts)
import { noStore } from "./cache";
import { HandlerContext } from "./context";
import { deadlinePassed, parseTimeoutHeader, settleWithin, timeoutHeader } from "./deadline";
import type { ServiceDefinition } from "./definition";
import type { OnewayConsumer, OnewayStore, StoredOnewayCall } from "./durable-oneway";
import { decodeGetQuery } from "./get";
import { handlerFunctions } from "./handler";
import type { CallOutcome, ThriftHttpRequest, ThriftHttpRequestHead, ThriftHttpResponse } from "./http";
import { httpError } from "./http-error";
import { resolveDecodeLimits, type DecodeLimits } from "./limits";
import { decodeCall, declaredException, encodeApplicationException, encodeReply, type HandlerResult } from "./message";
import { createMethodEntry, type MethodEntry } from "./method-entry";
import { OnewayJob, type OnewayCall } from "./oneway-job";
import { acceptedContentTypes, protocolFromContentType, type ProtocolName } from "./protocols";
import { deadlineExceeded, internalError, methodNotAllowed, onewayAccepted, thriftReply, unavailable } from "./replies";
import { ServiceUnavailable } from "./unavailable";
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
  /** Reports the error of a oneway handler, which no caller waits for. Default: `console.error`. */
  onOnewayError?: (error: unknown, call: OnewayCall) => void;
  /**
   * Where the calls of `durable` oneway methods are kept until they have run (see
   * durable-oneway.ts); required when the IDL declares one. The service consumes the
   * store's calls of its own from creation until `drain`.
   */
  onewayStore?: OnewayStore;
}

export interface ThriftService {
  readonly definition: ServiceDefinition;
  /**
   * The answer to a request refused whatever its body (404, 405, 415), so an adapter
   * can send it before reading the body; undefined if the body is wanted.
   */
  precheck(head: ThriftHttpRequestHead): ThriftHttpResponse | undefined;
  /** Answers one request. Never rejects: every failure is a response. */
  handle(request: ThriftHttpRequest): Promise<ThriftHttpResponse>;
  /** Resolves once every accepted oneway call has finished; graceful shutdown waits for it. */
  drain(): Promise<void>;
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
  private readonly oneway: WorkQueue;
  private readonly onOnewayError: (error: unknown, call: OnewayCall) => void;
  private readonly store: OnewayStore | undefined;
  private readonly consumer: OnewayConsumer | undefined;

  constructor(definition: ServiceDefinition, handler: object, options: ThriftServiceOptions) {
    this.definition = definition;
    this.limits = resolveDecodeLimits(options.limits);
    const maxTimeoutMs = positiveInteger("maxTimeoutMs", options.maxTimeoutMs, 30_000);
    this.oneway = new WorkQueue({
      concurrency: positiveInteger("onewayConcurrency", options.onewayConcurrency, 16),
      maxQueued: positiveInteger("onewayMaxQueued", options.onewayMaxQueued, 1000),
    });
    this.onOnewayError = options.onOnewayError ?? reportToConsole;
    for (const [name, fn] of handlerFunctions(definition, handler)) {
      this.entries.set(name, createMethodEntry(definition.methods[name]!, fn, maxTimeoutMs));
    }
    const durable = Object.values(definition.methods).filter((method) => method.policy.durable);
    this.store = options.onewayStore;
    if (durable.length > 0 && this.store === undefined) {
      throw new TypeError(
        `Method ${durable[0]!.name} of ${definition.name} is declared durable: pass the onewayStore that keeps its calls`,
      );
    }
    if (durable.length > 0) this.consumer = this.store!.consume(definition.name, (call) => this.runStored(call));
  }

  precheck(head: ThriftHttpRequestHead): ThriftHttpResponse | undefined {
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
    const refusal = this.precheck(request);
    if (refusal !== undefined) return refusal;
    const receivedAt = request.receivedAt ?? Date.now();
    let callerTimeoutMs;
    try {
      callerTimeoutMs = parseTimeoutHeader(request.headers[timeoutHeader]);
    } catch (error) {
      return httpError(400, "bad_request", (error as Error).message);
    }
    const message =
      request.method === "GET"
        ? decodeGetQuery(request.query)
        : { protocol: protocolFromContentType(request.contentType)!, bytes: request.body };
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
    if (entry.definition.oneway) {
      if (entry.definition.policy.durable) return this.persist(entry, protocol, message.bytes, request);
      return this.enqueue(entry, call.args, request);
    }
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
    if (error instanceof ServiceUnavailable) return unavailable(entry.name, error);
    return internalError(entry, seqid, protocol, error);
  }

  async drain(): Promise<void> {
    await Promise.all([this.oneway.drain(), this.consumer?.stop()]);
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
  private enqueue(entry: MethodEntry, args: unknown[], request: ThriftHttpRequest): ThriftHttpResponse {
    const job = new OnewayJob(this.definition.name, entry, args, request, this.onOnewayError);
    if (!this.oneway.offer(job)) {
      return httpError(503, "unavailable", "Too many oneway calls are waiting; retry later", {
        method: entry.name,
        outcome: "error",
      });
    }
    return onewayAccepted(entry);
  }

  // Answered only once the store has kept the call: a replica dying after the answer
  // loses nothing. Not kept, not accepted: the caller gets 503 and may send it again.
  private async persist(
    entry: MethodEntry,
    protocol: ProtocolName,
    message: Buffer,
    request: ThriftHttpRequest,
  ): Promise<ThriftHttpResponse> {
    const call = {
      service: this.definition.name,
      method: entry.name,
      protocol,
      message,
      requestId: request.requestId,
      identity: request.identity,
    };
    try {
      await this.store!.add(call);
    } catch (error) {
      return unavailable(entry.name, error);
    }
    return onewayAccepted(entry);
  }

  // A kept call, taken by this replica's consumer: decoded again (its bytes were checked
  // when it arrived, but the IDL may have changed since), run as a oneway job is, within
  // the method's timeout. Its headers are not kept (they hold credentials): the handler
  // sees the request id and the identity only.
  private async runStored(call: StoredOnewayCall): Promise<void> {
    const decoded = decodeCall(this.definition, call.message, call.protocol, this.limits);
    const entry = decoded.kind === "call" ? this.entries.get(decoded.method.name) : undefined;
    if (decoded.kind !== "call" || entry === undefined || entry.name !== call.method || !entry.definition.oneway) {
      throw new TypeError(`A kept call of ${call.service}.${call.method} is no longer a oneway call of this service`);
    }
    const job = new OnewayJob(this.definition.name, entry, decoded.args, { ...call, headers: {} }, this.onOnewayError);
    const settled = await settleWithin(job.run(), entry.timeoutMs);
    if (settled === undefined) throw deadlinePassed();
    if (!settled.ok) throw settled.error;
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
  console.error(`Oneway call ${call.service}.${call.method} (request ${call.requestId}) failed:`, error);
}
