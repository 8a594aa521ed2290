// The retry budget every call of one client shares, so that retries cannot multiply the
// load of an outage: retries stop while most attempts fail (gRPC's A6 throttling).
import type { RetryBudgetOptions } from "./options";

/**
 * Retry throttling as in gRPC A6: every retryable failure costs a token, every
 * answered call gives back `tokenRatio`, and retries stop while half the bucket or
 * less is left. Under a full outage a client retries a few times, then sends each
 * call once until calls succeed again.
 */
export class RetryBudget {
  readonly #maxTokens: number;
  readonly #tokenRatio: number;
  #tokens: number;

  constructor(options: Required<RetryBudgetOptions>) {
    this.#maxTokens = options.maxTokens;
    this.#tokenRatio = options.tokenRatio;
    this.#tokens = options.maxTokens;
  }

  /** Records a failed attempt; true if the budget still allows retrying it. */
  spend(): boolean {
    this.#tokens = Math.max(0, this.#tokens - 1);
    return this.#tokens > this.#maxTokens / 2;
  }

  /** Records a call the server answered. */
  refill(): void {
    this.#tokens = Math.min(this.#maxTokens, this.#tokens + this.#tokenRatio);
  }
}
