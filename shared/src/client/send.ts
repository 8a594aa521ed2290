// One HTTP request through undici's dispatch API and its whole answer, bounded in size:
// no stream per call, a body limit enforced while reading, every failure a typed error,
// and undici never resending a request on its own (that is the caller's decision).
import type { Dispatcher } from "undici";
import { contentCodingOf } from "../core/content-coding";
import { inflateWhole } from "../core/inflate";
import { ClientError, ProtocolError, TransportError } from "./errors";

type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

/**
 * The most of a non-2xx answer's body read, for its JSON `{ code, message }`. A longer
 * one is not read at all: the call fails with the status alone at once, and the
 * request is aborted rather than drained.
 */
export const maxErrorBodyBytes = 16 * 1024;

/** An HTTP answer with its whole (bounded) body. */
export interface HttpReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** How `send` reads answers: the same for every call of a client. */
export interface SendLimits {
  /** Largest 2xx body read; past it the call fails with a `ProtocolError`. */
  readonly maxReplyBytes: number;
  /**
   * Whether a request the dispatcher is about to send again was provably not processed.
   * True for the client's own pool: it does not pipeline, so undici only ever sends one
   * of its requests again after an HTTP/2 REFUSED_STREAM or a GOAWAY below the stream.
   */
  readonly resendMeansUnprocessed: boolean;
}

/**
 * A transport failure of a request the server provably did not process: undici was
 * about to send it again after a refusal (RFC 9113 §8.7), or could not open its stream
 * at all. Safe to retry whatever the method.
 */
export class UnprocessedError extends TransportError {}

// What node:http2 throws when a stream is opened on a session already destroyed or
// going away: the request never left. (undici can hand a request to a session that an
// error has just ended, before it notices the session is gone.)
const unsentCodes: ReadonlySet<unknown> = new Set(["ERR_HTTP2_INVALID_SESSION", "ERR_HTTP2_GOAWAY_SESSION"]);

const noBytes: Buffer = Buffer.alloc(0);

/**
 * Sends one request and collects the answer. Rejects with the signal's reason as
 * soon as it aborts (even while the request waits for a pooled connection), with a
 * `ProtocolError` for a 2xx body past `maxReplyBytes`, and with a `TransportError` for
 * anything undici reports. An error status's body past `maxErrorBodyBytes` is left
 * out. Never lets undici send the request a second time: that attempt is the caller's
 * to decide. Every body is read to its end or the request aborted: no socket leaks.
 */
export function send(
  dispatcher: Dispatcher,
  request: Dispatcher.DispatchOptions,
  signal: AbortSignal,
  limits: SendLimits,
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(request, new ReplyHandler(signal, limits, resolve, reject));
  });
}

// A plain class over undici's dispatch handler API rather than `request()`: no
// Readable stream per call, and a body limit enforced while reading.
class ReplyHandler implements Dispatcher.DispatchHandler {
  readonly #signal: AbortSignal;
  readonly #limits: SendLimits;
  readonly #resolve: (reply: HttpReply) => void;
  readonly #reject: (error: Error) => void;
  #controller: Dispatcher.DispatchController | null = null;
  #settled = false;
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  /** The body limit of this answer: `maxReplyBytes`, or less for an error status. */
  #limit = 0;
  /** The declared Content-Length, when within the limit (0 otherwise). */
  #expected = 0;
  /** The first chunk as undici gave it, or, once a second came, a buffer of our own. */
  #body = noBytes;
  /** Bytes of `#body` received so far. */
  #size = 0;
  /** Length of the buffer of our own; 0 while `#body` is undici's first chunk. */
  #capacity = 0;

  constructor(
    signal: AbortSignal,
    limits: SendLimits,
    resolve: (reply: HttpReply) => void,
    reject: (error: Error) => void,
  ) {
    this.#signal = signal;
    this.#limits = limits;
    this.#resolve = resolve;
    this.#reject = reject;
    if (signal.aborted) this.#fail(signal.reason);
    else signal.addEventListener("abort", this);
  }

  /** The call's signal aborted: settle now, stop the request if it is under way. */
  handleEvent(): void {
    this.#fail(this.#signal.reason);
    this.#controller?.abort(this.#signal.reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.#settled) {
      // Settled while queued for a connection: never send it.
      controller.abort(this.#signal.reason);
    } else if (this.#controller !== null) {
      // undici retries a refused HTTP/2 stream, and replays one a GOAWAY left unprocessed,
      // on its own: stopped here, so that every attempt is counted and retried by one rule.
      controller.abort(this.#resent());
    } else {
      this.#controller = controller;
    }
  }

  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    if (status < 200) return; // 1xx: the real answer follows
    this.#status = status;
    this.#headers = headers;
    const { maxReplyBytes } = this.#limits;
    this.#limit = status <= 299 ? maxReplyBytes : Math.min(maxErrorBodyBytes, maxReplyBytes);
    const length = Number(headers["content-length"]);
    if (length > this.#limit) this.#overLimit(controller);
    else if (length > 0) this.#expected = length;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled) return; // its buffer is released
    const size = this.#size + chunk.length;
    if (size > this.#limit) {
      this.#overLimit(controller);
    } else {
      // The common reply is one chunk: kept as it is, without a copy.
      if (this.#size === 0) this.#body = chunk;
      else this.#append(chunk, size);
      this.#size = size;
    }
  }

  onResponseEnd(): void {
    const body = this.#capacity === 0 ? this.#body : this.#body.subarray(0, this.#size);
    const encoding = this.#headers["content-encoding"];
    // An empty body has nothing to inflate, whatever it claims.
    if (encoding === undefined || body.length === 0) this.#finish(body);
    else this.#finishEncoded(encoding, body);
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    if (error instanceof ClientError) {
      this.#fail(error);
    } else if (unsentCodes.has((error as { code?: unknown }).code)) {
      this.#fail(new UnprocessedError(`The request was not sent: ${error.message}`, { cause: error }));
    } else {
      this.#fail(new TransportError(error.message, { cause: error }));
    }
  }

  // Copies into one buffer of our own rather than keeping each chunk: a reply sent in
  // a million 1-byte chunks would otherwise hold a million Buffers. The buffer starts at
  // the declared length, else doubles: a body never takes more than twice its size.
  #append(chunk: Buffer, size: number): void {
    if (size > this.#capacity) {
      const capacity = Math.min(this.#limit, Math.max(size, this.#expected, 2 * this.#size));
      const body = Buffer.allocUnsafe(capacity);
      this.#body.copy(body, 0, 0, this.#size);
      this.#body = body;
      this.#capacity = capacity;
    }
    chunk.copy(this.#body, this.#size);
  }

  // A 2xx body past maxReplyBytes fails the call. An error status's long body is not
  // worth reading: the status alone answers, and the request is dropped, not drained.
  #overLimit(controller: Dispatcher.DispatchController): void {
    if (this.#status <= 299) {
      controller.abort(
        new ProtocolError(`The reply is larger than maxReplyBytes (${this.#limits.maxReplyBytes} bytes)`),
      );
    } else {
      this.#finish(noBytes);
      controller.abort(new TransportError(`HTTP ${this.#status}: body over ${this.#limit} bytes, not read`));
    }
  }

  // A compressed reply, inflated within the same limit. An error status whose body
  // cannot be inflated is answered by its status alone, as one too long to read.
  #finishEncoded(encoding: string | string[], body: Buffer): void {
    const coding = contentCodingOf(encoding);
    if (coding === "identity") return this.#finish(body);
    let inflated: Buffer;
    try {
      if (coding === undefined)
        throw new Error(`unknown Content-Encoding ${JSON.stringify(String(encoding)).slice(0, 80)}`);
      // Lenient: raw deflate is read too, and bytes after the data are dropped.
      inflated = inflateWhole(coding, body, this.#limit, true).body;
    } catch (error) {
      if (this.#status > 299) return this.#finish(noBytes);
      const tooLarge = (error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE";
      const message = tooLarge
        ? `The reply inflates to more than maxReplyBytes (${this.#limits.maxReplyBytes} bytes)`
        : `The reply cannot be inflated: ${(error as Error).message}`;
      return this.#fail(new ProtocolError(message, { cause: error }));
    }
    this.#finish(inflated);
  }

  #finish(body: Buffer): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#signal.removeEventListener("abort", this);
    this.#body = noBytes;
    this.#resolve({ status: this.#status, headers: this.#headers, body });
  }

  #fail(error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#signal.removeEventListener("abort", this);
    this.#body = noBytes;
    this.#reject(error);
  }

  #resent(): TransportError {
    return this.#limits.resendMeansUnprocessed
      ? new UnprocessedError("The server refused the request without processing it (HTTP/2 REFUSED_STREAM or GOAWAY)")
      : new TransportError(
          "The request failed and the dispatcher was about to send it again: the server may have processed it",
        );
  }
}
