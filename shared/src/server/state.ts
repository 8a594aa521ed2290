// What the middleware of a service share through `ctx.state`, in the order they set it:
// the Thrift router's state (koa/state.ts), with what the server's conventions add.
import type { ThriftRouterState } from "../koa/state";

export interface ServerState extends ThriftRouterState {
  /** Set by `requestId()` on every request. */
  requestId: string;
  /** An error no middleware answered, kept by `errorBoundary()` for the access log. */
  error?: unknown;
  /** When the metrics' gate counted the request in flight (`performance.now()`); cleared once recorded. */
  meteredAt?: number;
}
