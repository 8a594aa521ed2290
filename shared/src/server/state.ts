// What the middleware of a service share through `ctx.state`, in the order they set it.
import type { CallOutcome } from "../core/http";

/** How one Thrift call ended, as the Thrift router records it. */
export interface ThriftCallRecord {
  service: string;
  method: string | undefined;
  outcome: CallOutcome;
  /** The declared exception or the real error, for the server log only. */
  error: unknown;
}

export interface ServerState {
  /** Set by `requestId()` on every request. */
  requestId: string;
  /** Set by `createAuth` once the caller is authenticated: the user or token name. */
  identity?: string;
  /** Set by the Thrift router after each call. */
  thrift?: ThriftCallRecord;
  /** An error no middleware answered, kept by `errorBoundary()` for the access log. */
  error?: unknown;
}
