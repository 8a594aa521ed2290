// The request body bytes the calls in hand hold together, bounded: a call's decoded
// values and reply take several times its body, so enough large calls at once would
// exhaust the process's memory. One per Thrift middleware, shared by its mounts. A call
// alone is always taken, so that a budget smaller than one body refuses nothing alone.
// Bytes are counted as they are held, not as declared: a chunked body or one still
// inflating holds what has arrived or come out so far (a caller that stalls before its
// body's end cannot hold more than the budget), and a declared Content-Length that would
// not fit is refused before it is read, but reserves nothing (a caller that declares a
// megabyte and sends nothing cannot lock the others out).
import type { BodyProblem } from "../core/http";

export class BodyBudget {
  #held = 0;
  /** The problem a call past the budget is answered with: 503 with Retry-After. */
  readonly busy: BodyProblem;

  /** `maxBytes`: the most the calls in hand may hold, in bytes; throws if not a non-negative integer. */
  constructor(readonly maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new TypeError(`Option maxBodyBytesInFlight must be a non-negative integer, got ${String(maxBytes)}`);
    }
    this.busy = { kind: "busy", maxBytesInFlight: maxBytes };
  }

  /** Whether a new call could hold `bytes` now (nothing is taken). */
  fits(bytes: number): boolean {
    return bytes <= 0 || this.#held === 0 || this.#held + bytes <= this.maxBytes;
  }

  /**
   * Takes `bytes` more for a call that holds `holding` already; false, taking nothing,
   * when the other calls in hand hold some and these would pass the budget.
   */
  take(bytes: number, holding = 0): boolean {
    if (bytes <= 0) return true;
    if (this.#held > holding && this.#held + bytes > this.maxBytes) return false;
    this.#held += bytes;
    return true;
  }

  /** Gives back bytes a call took. */
  give(bytes: number): void {
    this.#held -= bytes;
  }
}

/** What a body reader tells of the bytes it holds so far; a problem stops the read with it. */
export interface HeldBytes {
  hold(total: number): BodyProblem | undefined;
}

/** What one call holds of a budget: grown and shrunk as its body is read, given back at its end. */
export class BodyHold implements HeldBytes {
  #bytes = 0;

  constructor(private readonly budget: BodyBudget) {}

  get bytes(): number {
    return this.#bytes;
  }

  /** Holds `total` bytes in all, more or fewer than now; false, holding what it held, when the budget refuses more. */
  set(total: number): boolean {
    if (total > this.#bytes && !this.budget.take(total - this.#bytes, this.#bytes)) return false;
    if (total < this.#bytes) this.budget.give(this.#bytes - total);
    this.#bytes = total;
    return true;
  }

  /** As `set`, for a reader: the budget's problem when it refuses. */
  hold(total: number): BodyProblem | undefined {
    return this.set(total) ? undefined : this.budget.busy;
  }

  /** Gives back all it holds. */
  release(): void {
    this.budget.give(this.#bytes);
    this.#bytes = 0;
  }
}
