// The request body bytes the calls in hand hold together, bounded: a call's decoded
// values and reply take several times its body, so enough large calls at once would
// exhaust the process's memory. One per Thrift middleware, shared by its mounts. A call
// alone is always taken, so that a budget smaller than one body refuses nothing alone.
export class BodyBudget {
  #held = 0;

  /** `maxBytes`: the most the calls in hand may hold, in bytes; throws if not a non-negative integer. */
  constructor(readonly maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new TypeError(`Option maxBodyBytesInFlight must be a non-negative integer, got ${String(maxBytes)}`);
    }
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

  /** Gives back what a call took, once it has ended. */
  give(bytes: number): void {
    this.#held -= bytes;
  }
}
