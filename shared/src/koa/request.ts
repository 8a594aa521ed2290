// A Koa request as the core sees it (`ThriftHttpRequest`), made once per call when it
// comes in: the head the core admits, then, once read, the body it answers. What the core
// reads on every call is copied here; what it reads only sometimes (the query, for a GET;
// the caller's signal, if a handler asks) is read from Koa when asked.
//
// A class, not an object literal: a getter defined per object literal (closing over the
// context) made every request's garbage costly to collect, scavenges of 10 ms and more
// under load; on the prototype it costs nothing (see docs/benchmarks.md).
import type { ParameterizedContext } from "koa";
import type { ThriftHttpRequest } from "../core/http";
import { requestIdOf } from "../core/request-id";
import { callerSignal } from "./caller-signal";
import type { ThriftRouterState } from "./state";

const emptyBody = Buffer.alloc(0);

export class KoaThriftRequest implements ThriftHttpRequest {
  readonly method: string;
  readonly headers: ThriftHttpRequest["headers"];
  readonly contentType: string | undefined;
  /** Empty until the adapter has read it; a GET has none. */
  body: Buffer = emptyBody;
  readonly requestId: string;
  readonly identity: string | undefined;
  /** The caller's timeout counts from here, before the body is read. */
  readonly receivedAt: number;

  constructor(
    private readonly ctx: ParameterizedContext<ThriftRouterState>,
    /** Below the mount path: `""`, `"/"` or `"/<method>"`. */
    readonly path: string,
  ) {
    this.receivedAt = Date.now();
    this.method = ctx.method;
    const headers = ctx.request.headers;
    this.headers = headers;
    this.contentType = headers["content-type"];
    const { state } = ctx;
    // Set by the server's requestId(); else by the same rule here, for the logs after it.
    this.requestId = state.requestId ??= requestIdOf(headers["x-request-id"]);
    this.identity = state.identity;
  }

  get query(): string {
    return this.ctx.querystring;
  }

  /** Made only if a handler asks for its signal. */
  get signal(): AbortSignal {
    return callerSignal(this.ctx.res);
  }
}
