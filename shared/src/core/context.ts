// The CallContext a handler receives. Its AbortSignal is made only when a handler
// asks for it, and so is the caller's (an adapter may build it lazily): most
// handlers never ask, and the call path stays lean.
import type { CallContext } from "./definition";
import type { ThriftHttpRequest } from "./http";

/** What the context takes from the request; `signal` is read only when the handler asks for its own. */
export type ContextSource = Pick<ThriftHttpRequest, "requestId" | "identity" | "headers" | "signal">;

export class HandlerContext implements CallContext {
  readonly requestId: string;
  readonly deadline: number;
  readonly identity: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  private readonly source: ContextSource;
  private controller: AbortController | undefined;
  private abortReason: unknown;
  private aborted = false;

  constructor(source: ContextSource, deadline: number) {
    this.requestId = source.requestId;
    this.deadline = deadline;
    this.identity = source.identity;
    this.headers = source.headers;
    this.source = source;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      const controller = new AbortController();
      this.controller = controller;
      const caller = this.source.signal;
      if (this.aborted) controller.abort(this.abortReason);
      else if (caller?.aborted) controller.abort(caller.reason);
      else caller?.addEventListener("abort", () => controller.abort(caller.reason), { once: true });
    }
    return this.controller.signal;
  }

  /** Aborts the signal, now or whenever the handler asks for it. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }
}
