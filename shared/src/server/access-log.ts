// One line per request, written when the reply is known: the request id ties it to
// the caller's logs and to any line a handler wrote. Thrift calls are logged at info
// (warn for a timeout, error with the stack for a handler failure, info for one that
// failed once its caller had gone: `cancelled`; warn with the reason alone for a 503,
// which a resource being away makes every call answer until it is back, and whose
// outage is logged once with its cause where it begins); other requests
// only when they fail or are refused, since health probes and scrapes would drown
// everything else.
import type { Middleware, ParameterizedContext } from "koa";
import type { OnewayErrorReporter } from "../core/service";
import { createCallLineWriter } from "./call-line";
import type { Logger } from "./logger";
import type { ServerState } from "./state";

/** Logs a request, answered, which began at `start` (`performance.now()`). */
export type RequestLogger = (ctx: ParameterizedContext<ServerState>, start: number) => void;

/** The access log's writer on `logger`. */
export function createRequestLogger(logger: Logger): RequestLogger {
  const callLine = createCallLineWriter(logger);
  return (ctx, start) => {
    const { requestId, identity, thrift, error } = ctx.state;
    const status = ctx.status;
    const durationMs = Math.round((performance.now() - start) * 10) / 10;
    if (thrift) {
      const { service, method, outcome } = thrift;
      // The line of every answered call: built as one string (call-line.ts).
      if (outcome !== "error" && outcome !== "timeout") {
        callLine({ requestId, identity, status, durationMs, service, method, outcome });
        return;
      }
      // One object literal per line, no spreads: this runs for every call.
      const call = { requestId, identity, status, durationMs, service, method, outcome };
      if (outcome === "timeout") logger.warn(call, "call timed out");
      else if (status === 503) logger.warn({ ...call, reason: reasonOf(thrift.error) }, "call unavailable");
      else logger.error({ ...call, err: thrift.error }, "call failed");
      return;
    }
    const request = { requestId, identity, status, durationMs, httpMethod: ctx.method, path: ctx.path };
    // A 5xx answered on purpose (/readyz while draining) is no failure: only one that an
    // error caused is logged as one.
    if (status >= 500 && error !== undefined) logger.error({ ...request, err: error }, "request failed");
    else if (status >= 400) logger.info(request, "request refused");
    else logger.debug(request, "request");
  };
}

/** The access log alone, as middleware; createServerApp runs it in its conventions' frame. */
export function accessLog(logger: Logger): Middleware<ServerState> {
  const logRequest = createRequestLogger(logger);
  return async (ctx, next) => {
    const start = performance.now();
    await next();
    logRequest(ctx, start);
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

/** What a 503's error says, without its stack and causes: the same for every call of an outage. */
function reasonOf(error: unknown): string | undefined {
  return error instanceof Error ? `${error.name}: ${error.message}` : undefined;
}
