// One line per request, written when the reply is known: the request id ties it to
// the caller's logs and to any line a handler wrote. Thrift calls are logged at info
// (warn for a timeout, error with the stack for a handler failure); other requests
// only when they fail, since health probes and scrapes would drown everything else.
import type { Middleware, ParameterizedContext } from "koa";
import type { OnewayErrorReporter } from "../core/service";
import type { Logger } from "./logger";
import type { ServerState } from "./state";

/** Logs `ctx`'s request, answered, which began at `start` (`performance.now()`). */
export function logRequest(logger: Logger, ctx: ParameterizedContext<ServerState>, start: number): void {
  const { requestId, identity, thrift, error } = ctx.state;
  const status = ctx.status;
  const durationMs = Math.round((performance.now() - start) * 10) / 10;
  if (thrift) {
    // One object literal per line, no spreads: this runs for every call.
    const { service, method, outcome } = thrift;
    const call = { requestId, identity, status, durationMs, service, method, outcome };
    if (outcome === "error") logger.error({ ...call, err: thrift.error }, "call failed");
    else if (outcome === "timeout") logger.warn(call, "call timed out");
    else logger.info(call, "call");
    return;
  }
  const request = { requestId, identity, status, durationMs, httpMethod: ctx.method, path: ctx.path };
  if (status >= 500) logger.error({ ...request, err: error }, "request failed");
  else if (status >= 400) logger.info(request, "request refused");
  else logger.debug(request, "request");
}

/** The access log alone, as middleware; createServerApp runs `logRequest` in its conventions' frame. */
export function accessLog(logger: Logger): Middleware<ServerState> {
  return async (ctx, next) => {
    const start = performance.now();
    await next();
    logRequest(logger, ctx, start);
  };
}

/**
 * A oneway handler fails after its caller got its answer (200, empty body): this logs
 * it like a failed call. createServerApp gives it to every service without an
 * `onOnewayError` of its own.
 */
export function logOnewayError(logger: Logger): OnewayErrorReporter {
  return (error, { service, method }, requestId) =>
    logger.error({ requestId, service, method, outcome: "error", err: error }, "oneway call failed");
}
