// What the Thrift router reads from and writes to `ctx.state`. The adapter owns this
// shape; the server's conventions extend it (server/state.ts), so the dependency runs one
// way: core <- koa <- server.
import type { CallReport } from "../core/http";

export interface ThriftRouterState {
  /**
   * Set by upstream middleware (the server's `requestId()`); otherwise the router sets it
   * from `X-Request-ID`, by the core's rule (core/request-id.ts), or to a fresh UUID.
   */
  requestId?: string;
  /** Set by the auth middleware for an authenticated caller. */
  identity?: string;
  /** Set by the router for every request it answers, for logging and metrics. */
  thrift?: CallReport;
}
