// The deadline and cancellation of one call, across all its attempts: a timer and the
// caller's signals folded into one AbortSignal whose reason is what the call rejects with.
import { setTimeout as wait } from "node:timers/promises";
import { AbortError, TimeoutError } from "./errors";

// A module-level timer callback: no closure per call.
function expire(deadline: CallDeadline): void {
  deadline.cancel(new TimeoutError(deadline.timeoutMs));
}

/**
 * The deadline and cancellation of one call, shared by all its attempts. `signal`
 * aborts with a `TimeoutError` when the deadline passes, or with an `AbortError`
 * when one of the caller's signals fires; its reason is what the call rejects with.
 */
export class CallDeadline {
  /** Absolute deadline, in ms since the epoch. */
  readonly at: number;
  /** The time the call was given, for the error message. */
  readonly timeoutMs: number;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #sources: readonly AbortSignal[];

  /** `sources`: the caller's signals (per call, calling handler's), any of them undefined. */
  constructor(timeoutMs: number, sources: readonly (AbortSignal | undefined)[]) {
    this.timeoutMs = Math.max(0, Math.floor(timeoutMs));
    this.at = Date.now() + this.timeoutMs;
    this.#timer = setTimeout(expire, this.timeoutMs, this);
    this.#sources = sources.filter((source) => source !== undefined);
    for (const source of this.#sources) {
      if (source.aborted) this.cancel(new AbortError(source.reason));
      else source.addEventListener("abort", this, { once: true });
    }
    // A deadline already passed (the calling handler's): fail without sending.
    if (this.timeoutMs === 0) expire(this);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  remainingMs(): number {
    return this.at - Date.now();
  }

  /** Ends the call with `reason`, unless it already ended. */
  cancel(reason: Error): void {
    if (this.#controller.signal.aborted) return;
    this.#controller.abort(reason);
    this.dispose();
  }

  /** A caller's signal fired (EventListener object: no closure per call). */
  handleEvent(event: Event): void {
    this.cancel(new AbortError((event.target as AbortSignal).reason));
  }

  /** Waits `ms` between attempts; rejects with the reason as soon as the call ends. */
  async sleep(ms: number): Promise<void> {
    const signal = this.#controller.signal;
    try {
      await wait(ms, undefined, { signal });
    } catch {
      throw signal.reason;
    }
  }

  /** Releases the timer and the listeners; call once the call has settled. */
  dispose(): void {
    clearTimeout(this.#timer);
    for (const source of this.#sources) source.removeEventListener("abort", this);
  }
}
