// The conventions every request of a service goes through, in one middleware frame at the
// front of createServerApp's chain: served-by and the request id on the way in (so every
// reply carries them, errors included); on the way out, the error boundary's answer, the
// call metrics and the access-log line. The same as servedBy(), requestId(), accessLog(),
// errorBoundary() and metrics.middleware mounted in that order, which remain for apps of
// their own, but one async frame instead of five: each frame cost a promise, a closure or
// two and a microtask per request (docs/benchmarks.md, "Where the time goes").
import { hostname } from "node:os";
import type { Middleware } from "koa";
import { createRequestLogger } from "./access-log";
import { answerFailure, answerUnrouted } from "./errors";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import { assignRequestId } from "./request-id";
import type { ServerState } from "./state";

export interface ConventionsOptions {
  /** Where the access log goes: one line per call. */
  logger: Logger;
  /** Records what its `gate` (mounted further down, after auth) let through. */
  metrics: Metrics;
  /** Named in `X-Served-By`; the host name by default. */
  servedBy?: string;
}

export function conventions(options: ConventionsOptions): Middleware<ServerState> {
  const { logger, metrics } = options;
  const name = options.servedBy ?? hostname();
  const logRequest = createRequestLogger(logger);
  return async (ctx, next) => {
    const start = performance.now();
    ctx.res.setHeader("x-served-by", name);
    assignRequestId(ctx);
    try {
      await next();
      answerUnrouted(ctx);
    } catch (error) {
      answerFailure(ctx, error);
    }
    metrics.record(ctx);
    logRequest(ctx, start);
  };
}
