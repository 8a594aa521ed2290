// A handler for the Calc fixture that records what it was called with.
import { setTimeout as delay } from "node:timers/promises";
import type { CallContext } from "../definition";
import { DivideByZero, type CalcHandler } from "./calc";

export interface CalcCalls {
  /** The events `record` received, in order. */
  readonly recorded: string[];
  /** The context of the last call. */
  context: CallContext | undefined;
}

export function createCalcHandler(): CalcHandler & { calls: CalcCalls } {
  const calls: CalcCalls = { recorded: [], context: undefined };
  return {
    calls,
    async add(a, b, context) {
      calls.context = context;
      return a + b;
    },
    async divide(a, b) {
      if (b === 0) throw new DivideByZero("b is 0");
      return Math.trunc(a / b);
    },
    async shout(words) {
      return words.map((word) => word.toUpperCase());
    },
    async wait(ms, context) {
      calls.context = context;
      // As a handler should: stops when its call is over (deadline passed, caller gone),
      // instead of keeping a timer, and the test process, alive for the rest of `ms`.
      await delay(ms, undefined, { signal: context.signal });
      return "done";
    },
    async reset() {},
    async record(event) {
      calls.recorded.push(event);
    },
  };
}
