// HTTP-level failures are answered with a small JSON body, `{ "code", "message" }`,
// the shape the client decodes (the Thrift router answers its own the same way). The
// real error goes to the server log only: a stack trace or an internal message tells
// a caller nothing useful and an attacker a lot.
import type { Context, Middleware } from "koa";
import type { ServerState } from "./state";

/** Answers with `status` and the JSON error body. */
export function sendError(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.set("Cache-Control", "no-store");
  ctx.body = { code, message };
}

/**
 * Answers what the middleware after it left unanswered: a thrown error with 500 (the
 * error is kept in `ctx.state.error` for the access log), a request that no route
 * took with 404.
 */
export function errorBoundary(): Middleware<ServerState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      ctx.state.error = error;
      sendError(ctx, 500, "internal", "internal server error");
      return;
    }
    // A reply written directly (the Thrift middleware's) is answered already.
    if (ctx.status === 404 && ctx.body == null && ctx.respond !== false) {
      sendError(ctx, 404, "not_found", `no route for ${ctx.method} ${ctx.path}`);
    }
  };
}
