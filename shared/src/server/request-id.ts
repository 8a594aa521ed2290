// One id follows a call through the gateway, the services it reaches and their logs.
// A caller's (or nginx's) X-Request-ID is kept when it looks like an id; anything else
// (too long, odd characters that could forge log lines) is replaced by a fresh one.
import { randomUUID } from "node:crypto";
import type { Middleware } from "koa";
import type { ServerState } from "./state";

const saneId = /^[\w.:-]{1,128}$/;

/** Sets `ctx.state.requestId` and echoes it as `X-Request-ID` on the reply. */
export function requestId(): Middleware<ServerState> {
  return (ctx, next) => {
    const given = ctx.get("X-Request-ID");
    const id = saneId.test(given) ? given : randomUUID();
    ctx.state.requestId = id;
    ctx.set("X-Request-ID", id);
    return next();
  };
}
