// A oneway call waiting on, or running on, the service's work queue. It was
// answered already: nobody waits for it, so the caller's signal and timeout do not
// apply, and its error can only be reported.
import { HandlerContext, type ContextSource } from "./context";
import { deadlinePassed } from "./deadline";
import type { CallReport, ThriftHttpRequest } from "./http";
import { callReport, type MethodEntry } from "./method-entry";
import type { Job } from "./work-queue";

/**
 * Where a oneway handler's failure goes: the error, the call's report (outcome `error`,
 * the error in it too) and the id of the request that brought it.
 */
export type OnewayErrorReporter = (error: unknown, call: CallReport, requestId: string) => void;

export class OnewayJob implements Job {
  private readonly source: ContextSource;

  constructor(
    private readonly entry: MethodEntry,
    private readonly args: unknown[],
    request: Pick<ThriftHttpRequest, "requestId" | "identity" | "headers">,
    private readonly onError: OnewayErrorReporter,
  ) {
    // Only what the context needs: a queued job must not keep the request body alive.
    this.source = { requestId: request.requestId, identity: request.identity, headers: request.headers };
  }

  async run(): Promise<void> {
    const { entry, args } = this;
    const context = new HandlerContext(this.source, Date.now() + entry.timeoutMs);
    const timer = setTimeout(() => context.abort(deadlinePassed()), entry.timeoutMs);
    try {
      args.push(context);
      await entry.fn.apply(undefined, args);
    } finally {
      clearTimeout(timer);
    }
  }

  fail(error: unknown): void {
    this.onError(error, callReport(this.entry, "error", error), this.source.requestId);
  }
}

/**
 * The reporter until one is given: a line on standard error naming the call and the
 * error's class only (its message and properties may hold what must not be logged
 * unfiltered).
 */
export function reportOnewayErrorToConsole(error: unknown, call: CallReport, requestId: string): void {
  const kind = error instanceof Error ? error.constructor.name : typeof error;
  const request = requestId.slice(0, 128);
  console.error(
    `Oneway call ${call.service}.${call.method} (request ${request}) failed with ${kind}; pass onOnewayError to log it`,
  );
}
