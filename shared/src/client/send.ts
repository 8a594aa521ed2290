import type { Dispatcher } from "undici";
import { ClientError, ProtocolError, TransportError } from "./errors";

type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

const noBytes: Buffer = Buffer.alloc(0);

/** An HTTP answer with its whole (bounded) body. */
export interface HttpReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * Sends one request and collects the answer. Rejects with the signal's reason as
 * soon as it aborts (even while the request waits for a pooled connection), with a
 * `ProtocolError` past `maxBytes`, and with a `TransportError` for anything undici
 * reports. Every body is read to its end or the request aborted: no socket leaks.
 */
export function send(
  dispatcher: Dispatcher,
  request: Dispatcher.DispatchOptions,
  signal: AbortSignal,
  maxBytes: number,
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(request, new ReplyHandler(signal, maxBytes, resolve, reject));
  });
}

// A plain class over undici's dispatch handler API rather than `request()`: no
// Readable stream per call, and a body limit enforced while reading.
class ReplyHandler implements Dispatcher.DispatchHandler {
  readonly #signal: AbortSignal;
  readonly #maxBytes: number;
  readonly #resolve: (reply: HttpReply) => void;
  readonly #reject: (error: Error) => void;
  #controller: Dispatcher.DispatchController | null = null;
  #settled = false;
  #status = 0;
  #headers: IncomingHttpHeaders = {};
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
    maxBytes: number,
    resolve: (reply: HttpReply) => void,
    reject: (error: Error) => void,
  ) {
    this.#signal = signal;
    this.#maxBytes = maxBytes;
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
    // Settled while queued for a connection: never send it.
    if (this.#settled) controller.abort(this.#signal.reason);
    else this.#controller = controller;
  }

  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    if (status < 200) return; // 1xx: the real answer follows
    this.#status = status;
    this.#headers = headers;
    const length = Number(headers["content-length"]);
    if (length > this.#maxBytes) controller.abort(this.#tooLarge());
    else if (length > 0) this.#expected = length;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const size = this.#size + chunk.length;
    if (size > this.#maxBytes) {
      controller.abort(this.#tooLarge());
    } else {
      // The common reply is one chunk: kept as it is, without a copy.
      if (this.#size === 0) this.#body = chunk;
      else this.#append(chunk, size);
      this.#size = size;
    }
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#signal.removeEventListener("abort", this);
    const body = this.#capacity === 0 ? this.#body : this.#body.subarray(0, this.#size);
    this.#body = noBytes;
    this.#resolve({ status: this.#status, headers: this.#headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    this.#fail(error instanceof ClientError ? error : new TransportError(error.message, { cause: error }));
  }

  // Copies into one buffer of our own rather than keeping each chunk: a reply sent in
  // a million 1-byte chunks would otherwise hold a million Buffers. The buffer starts at
  // the declared length, else doubles: a body never takes more than twice its size.
  #append(chunk: Buffer, size: number): void {
    if (size > this.#capacity) {
      const capacity = Math.min(this.#maxBytes, Math.max(size, this.#expected, 2 * this.#size));
      const body = Buffer.allocUnsafe(capacity);
      this.#body.copy(body, 0, 0, this.#size);
      this.#body = body;
      this.#capacity = capacity;
    }
    chunk.copy(this.#body, this.#size);
  }

  #fail(error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#signal.removeEventListener("abort", this);
    this.#body = noBytes;
    this.#reject(error);
  }

  #tooLarge(): ProtocolError {
    return new ProtocolError(`The reply is larger than maxReplyBytes (${this.#maxBytes} bytes)`);
  }
}
