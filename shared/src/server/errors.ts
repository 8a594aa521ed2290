// HTTP-level failures are answered with a small JSON body, `{ "code", "message" }`,
// the shape the client decodes (the Thrift router answers its own the same way). The
// real error goes to the server log only: a stack trace or an internal message tells
// a caller nothing useful and an attacker a lot.
import type { Context, Middleware, ParameterizedContext } from "koa";
import { noStore } from "../core/cache";
import { statusOf, type ErrorCode } from "../core/error-codes";
import { errorBody, errorContentType } from "../core/http-error";
import type { ServerState } from "./state";
import { quoted } from "../core/quote";

/** Answers with the code's status and the JSON error body (codes: core/error-codes.ts). */
export function sendError(ctx: Context, code: ErrorCode, message: string): void {
  ctx.status = statusOf(code);
  ctx.set("Cache-Control", noStore);
  // The type first: Koa would call a string body text/plain.
  ctx.set("Content-Type", errorContentType);
  ctx.body = errorBody(code, message);
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
      answerFailure(ctx, error);
      return;
    }
    answerUnrouted(ctx);
  };
}

/** The boundary's answer to a thrown error: 500, the error kept in `ctx.state.error` for the log. */
export function answerFailure(ctx: ParameterizedContext<ServerState>, error: unknown): void {
  ctx.state.error = error;
  sendError(ctx, "internal", "internal server error");
}

/** The boundary's answer to a request nothing answered: 404. */
export function answerUnrouted(ctx: ParameterizedContext<ServerState>): void {
  // A reply written directly (the Thrift middleware's) is answered already.
  if (ctx.status === 404 && ctx.body == null && ctx.respond !== false) {
    sendError(ctx, "not_found", `no route for ${ctx.method} ${quoted(ctx.path)}`);
  }
}
