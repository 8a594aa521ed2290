// Sets the request id of every request (the core's rule: core/request-id.ts) and echoes
// it as `X-Request-ID`, so every reply carries it, errors included.
import type { Middleware, ParameterizedContext } from "koa";
import { requestIdOf } from "../core/request-id";
import type { ServerState } from "./state";

/** Sets `ctx.state.requestId` and echoes it as `X-Request-ID` on the reply. */
export function requestId(): Middleware<ServerState> {
  return (ctx, next) => {
    assignRequestId(ctx);
    return next();
  };
}

/**
 * What `requestId()` does, for createServerApp's conventions' frame. Straight on Node's
 * request and response: Koa's getters and `ctx.set` checks cost more than the rule itself.
 */
export function assignRequestId(ctx: ParameterizedContext<ServerState>): void {
  const id = requestIdOf(ctx.req.headers["x-request-id"]);
  ctx.state.requestId = id;
  ctx.res.setHeader("x-request-id", id);
}
