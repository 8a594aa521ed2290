// An undici dispatcher that answers through a ThriftService's `handle()` in the same
// process: the client's whole path (encoding, GET or POST, headers, status handling,
// retries, deadlines, decoding the reply) and the server core's (decoding, policies,
// deadlines, declared exceptions, TApplicationException) with no socket between them.
// The body is taken as the Koa adapter takes it: admitted first, held to the same size
// limit, and inflated per its Content-Encoding (a client's `sendCompression`).
import { Dispatcher } from "undici";
import { contentCodingOf } from "../core/content-coding";
import type { BodyProblem, ThriftHttpRequest, ThriftHttpResponse } from "../core/http";
import { inflateBody } from "../core/inflate";
import { resolveMaxBodyBytes } from "../core/limits";
import { requestIdOf } from "../core/request-id";
import type { ThriftService } from "../core/service";

/** What the handler is told about the caller, which a served app's middleware would set. */
export interface InMemoryDispatcherOptions {
  /** The caller's identity, as authentication would name it (`ctx.identity`). Default: none. */
  identity?: string;
  /**
   * The largest request body taken, in bytes, as sent and once inflated (413 past it), as
   * the adapter's `maxBodyBytes`. Default `defaultMaxBodyBytes` (1 MiB).
   */
  maxBodyBytes?: number;
}

type Headers = Record<string, string | string[] | undefined>;

/** Answers every request it is given with `service`, as if the service were mounted at `/`. */
export class InMemoryDispatcher extends Dispatcher {
  readonly #service: ThriftService;
  readonly #identity: string | undefined;
  readonly #maxBodyBytes: number;
  #closed = false;

  constructor(service: ThriftService, options: InMemoryDispatcherOptions = {}) {
    super();
    this.#service = service;
    this.#identity = options.identity;
    this.#maxBodyBytes = resolveMaxBodyBytes(options.maxBodyBytes);
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const controller = new Controller(handler);
    handler.onRequestStart?.(controller, {});
    if (this.#closed) controller.abort(new Error("The in-memory dispatcher is closed"));
    // A request it cannot take (a streamed body) fails as a transport failure would.
    if (!controller.aborted)
      this.#answer(options, handler, controller).catch((error: unknown) => controller.abort(error as Error));
    return true;
  }

  async #answer(
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
    controller: Controller,
  ): Promise<void> {
    const headers = headersOf(options.headers);
    const target = options.path;
    const question = target.indexOf("?");
    const contentType = headers["content-type"];
    const response = await this.#respond({
      method: options.method,
      path: question === -1 ? target : target.slice(0, question),
      query: question === -1 ? "" : target.slice(question + 1),
      contentType: typeof contentType === "string" ? contentType : undefined,
      headers,
      body: bodyOf(options.body),
      // By the rule a served app applies: a sane X-Request-ID, else a fresh one.
      requestId: requestIdOf(headers["x-request-id"]),
      identity: this.#identity,
      receivedAt: Date.now(),
      signal: controller.signal,
    });
    if (controller.aborted) return;
    const answered: Headers = { ...response.headers, "content-length": String(response.body.length) };
    handler.onResponseStart?.(controller, response.status, answered, "");
    if (controller.aborted) return;
    if (response.body.length > 0) handler.onResponseData?.(controller, response.body);
    if (controller.aborted) return;
    controller.end();
    handler.onResponseEnd?.(controller, {});
  }

  // The adapter's steps (koa/router.ts): admit on the head, then the body within the
  // limit, inflated when it is compressed, or the core's answer to why it is not.
  #respond(request: ThriftHttpRequest): Promise<ThriftHttpResponse> {
    const service = this.#service;
    const admitted = service.admit(request);
    if (typeof admitted !== "number") return Promise.resolve(admitted);
    if (request.method === "GET") return service.handle(request, admitted);
    const body = bodyWithin(request, this.#maxBodyBytes);
    if (!Buffer.isBuffer(body)) return Promise.resolve(service.refuseBody(request, body));
    return service.handle(body === request.body ? request : { ...request, body }, admitted);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    this.#closed = true;
    if (callback === undefined) return Promise.resolve();
    queueMicrotask(callback);
  }

  override destroy(): Promise<void>;
  override destroy(error: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(error: Error | null, callback: () => void): void;
  override destroy(first?: Error | null | (() => void), second?: () => void): Promise<void> | void {
    this.#closed = true;
    const callback = typeof first === "function" ? first : second;
    if (callback === undefined) return Promise.resolve();
    queueMicrotask(callback);
  }
}

/**
 * The request's control: aborting it aborts the handler's signal and fails the request
 * with the reason, as undici does (the client aborts a request at its deadline, or when
 * the reply is too large).
 */
class Controller implements Dispatcher.DispatchController {
  readonly #handler: Dispatcher.DispatchHandler;
  readonly #abort = new AbortController();
  #reason: Error | null = null;
  #ended = false;

  constructor(handler: Dispatcher.DispatchHandler) {
    this.#handler = handler;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get aborted(): boolean {
    return this.#reason !== null;
  }

  get paused(): boolean {
    return false;
  }

  get reason(): Error | null {
    return this.#reason;
  }

  abort(reason: Error): void {
    if (this.#reason !== null || this.#ended) return;
    this.#reason = reason;
    this.#abort.abort(reason);
    // Reported after the handler's own call that aborted has returned, as undici does.
    queueMicrotask(() => this.#handler.onResponseError?.(this, reason));
  }

  /** The whole answer was delivered: an abort has nothing left to stop. */
  end(): void {
    this.#ended = true;
  }

  // The body is delivered in one piece: there is nothing to pause.
  pause(): void {}
  resume(): void {}
}

/** Request headers with lower-cased names, from any of the shapes undici takes. */
function headersOf(given: Dispatcher.DispatchOptions["headers"]): Headers {
  const headers: Headers = {};
  const add = (name: string, value: unknown) => {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
  };
  if (given === null || given === undefined) return headers;
  if (Array.isArray(given)) {
    for (let i = 0; i + 1 < given.length; i += 2) add(String(given[i]), given[i + 1]);
  } else if (Symbol.iterator in Object(given)) {
    for (const [name, value] of given as Iterable<[string, unknown]>) add(name, value);
  } else {
    for (const [name, value] of Object.entries(given)) add(name, value);
  }
  return headers;
}

function bodyOf(body: Dispatcher.DispatchOptions["body"]): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array)
    return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // The client sends whole buffers; a stream here is another caller's.
  throw new TypeError("The in-memory dispatcher takes a body as a Buffer, a Uint8Array or a string");
}

/** The body as sent, or inflated from its Content-Encoding (admit refused the unknown ones). */
function bodyWithin(request: ThriftHttpRequest, maxBytes: number): Buffer | BodyProblem {
  if (request.body.length > maxBytes) return { kind: "too_large", maxBytes };
  const coding = contentCodingOf(request.headers["content-encoding"]) ?? "identity";
  return coding === "identity" ? request.body : inflateBody(coding, request.body, maxBytes);
}
