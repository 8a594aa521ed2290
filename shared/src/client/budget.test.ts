// The retry budget: retries allowed while tokens last, and tokens won back by answers.
import { RetryBudget } from "./budget";

describe("RetryBudget", () => {
  it("allows retries while more than half the tokens are left", () => {
    const budget = new RetryBudget({ maxTokens: 10, tokenRatio: 0.1 });

    expect(Array.from({ length: 7 }, () => budget.spend())).toEqual([true, true, true, true, false, false, false]);
  });

  it("When calls are answered Then tokens come back by tokenRatio, up to maxTokens", () => {
    const budget = new RetryBudget({ maxTokens: 4, tokenRatio: 0.5 });
    for (let i = 0; i < 4; i++) budget.spend(); // 0 tokens, never below

    for (let i = 0; i < 5; i++) budget.refill(); // 2.5
    expect(budget.spend()).toBe(false); // 1.5
    for (let i = 0; i < 20; i++) budget.refill(); // capped at 4
    expect([budget.spend(), budget.spend()]).toEqual([true, false]); // 3, then 2 (not above half)
  });
});
