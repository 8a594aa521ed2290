// Liveness and readiness are separate questions. `/healthz`: is the process alive
// (if not, restart it)? `/readyz`: should it get traffic (not while starting or
// draining)? Neither needs credentials: orchestrators probe without any.
import type { Middleware } from "koa";
import { noStore } from "../core/cache";
import { sendError } from "./errors";
import type { ServerState } from "./state";

export type Readiness = "starting" | "ready" | "draining";

export interface Health {
  readonly readiness: Readiness;
  /** Answers `/readyz` with 200 from now on; call once the server listens. */
  markReady(): void;
  /** Answers `/readyz` with 503 from now on, for good; call when shutdown begins. */
  markDraining(): void;
  /** Answers `GET /healthz` and `GET /readyz`; passes other requests on. */
  readonly middleware: Middleware<ServerState>;
}

export function createHealth(): Health {
  let readiness: Readiness = "starting";

  // Not async: a request passing on costs no extra promise.
  const middleware: Middleware<ServerState> = (ctx, next) => {
    const probe = ctx.method === "GET" || ctx.method === "HEAD";
    if (probe && ctx.path === "/healthz") {
      ctx.set("Cache-Control", noStore);
      ctx.body = { status: "ok" };
    } else if (probe && ctx.path === "/readyz") {
      if (readiness === "ready") {
        ctx.set("Cache-Control", noStore);
        ctx.body = { status: "ready" };
      } else {
        sendError(ctx, "unavailable", `not ready: ${readiness}`);
      }
    } else {
      return next();
    }
    return Promise.resolve();
  };

  return {
    get readiness() {
      return readiness;
    },
    markReady() {
      if (readiness === "starting") readiness = "ready";
    },
    markDraining() {
      readiness = "draining";
    },
    middleware,
  };
}
