// Names the replica that answered: the first thing to look at when one replica
// behind the gateway misbehaves.
import { hostname } from "node:os";
import type { Middleware } from "koa";

/** Sets `X-Served-By` on every reply; `name` defaults to the host name (the container id in Docker). */
export function servedBy(name: string = hostname()): Middleware {
  return (ctx, next) => {
    ctx.set("X-Served-By", name);
    return next();
  };
}
