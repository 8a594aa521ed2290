// Sets the request id of every request (the core's rule: core/request-id.ts) and echoes
// it as `X-Request-ID`, so every reply carries it, errors included.
import type { Middleware } from "koa";
import { requestIdOf } from "../core/request-id";
import type { ServerState } from "./state";

/** Sets `ctx.state.requestId` and echoes it as `X-Request-ID` on the reply. */
export function requestId(): Middleware<ServerState> {
  return (ctx, next) => {
    const id = requestIdOf(ctx.request.headers["x-request-id"]);
    ctx.state.requestId = id;
    ctx.set("X-Request-ID", id);
    return next();
  };
}
