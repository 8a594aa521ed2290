// Mounts Thrift services on a Koa app by path, the way WSGI's DispatcherMiddleware
// mounts apps: `{ "/echo": echoService }` serves POST /echo, POST /echo/<method> and
// GET /echo/<method>?m=…. The service decides everything; this only moves bytes.
//
//     app.use(router.routes()).use(router.allowedMethods());
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import Router, { type RouterContext } from "@koa/router";
import type { ThriftHttpRequest, ThriftHttpResponse } from "../core/http";
import type { ThriftService } from "../core/service";
import type { ThriftCallRecord } from "../server/state";
import { readBody } from "./body";
import { callerSignal } from "./caller-signal";

export interface ThriftRouterOptions {
  /**
   * Largest request body in bytes; a larger one gets 413 and is not buffered.
   * Default 1 MiB, as nginx's `client_max_body_size`.
   */
  maxBodyBytes?: number;
}

/** What the router reads from and writes to `ctx.state`. */
export interface ThriftRouterState {
  /** Set by upstream middleware; otherwise taken from `X-Request-ID` or generated. */
  requestId?: string;
  /** Set by the auth middleware for an authenticated caller. */
  identity?: string;
  /** Set by the router for every request it answers, for logging and metrics. */
  thrift?: ThriftCallRecord;
}

/** Whether `path` can mount a service: `/name` or `/a/b` (letters, digits, . _ ~ -). */
export function isMountPath(path: string): boolean {
  return /^(\/[\w.~-]+)+$/.test(path);
}
const emptyBody = Buffer.alloc(0);

export function createThriftRouter(
  services: Readonly<Record<string, ThriftService>>,
  options: ThriftRouterOptions = {},
): Router<ThriftRouterState> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new TypeError(`Option maxBodyBytes must be a non-negative integer, got ${String(maxBodyBytes)}`);
  }
  const router = new Router<ThriftRouterState>();
  const mounts = Object.keys(services);
  for (const [mount, service] of Object.entries(services)) {
    if (!isMountPath(mount)) {
      throw new TypeError(`Mount path ${JSON.stringify(mount)} must be like /name or /a/b (letters, digits, . _ ~ -)`);
    }
    // `/a/<method>` would be claimed by both services.
    const nested = mounts.find((other) => other.startsWith(`${mount}/`));
    if (nested !== undefined) throw new TypeError(`Mount paths ${mount} and ${nested} overlap`);
    if (typeof service?.handle !== "function") throw new TypeError(`The service at ${mount} is not a ThriftService`);
    const serve = async (ctx: RouterContext<ThriftRouterState>) => {
      // The caller's timeout counts from here, before the body is read.
      const receivedAt = Date.now();
      const path = ctx.path.slice(mount.length);
      const contentType = ctx.request.headers["content-type"];
      let response = service.precheck({ method: ctx.method, path, contentType });
      if (response === undefined) {
        const body = ctx.method === "GET" ? emptyBody : await readBody(ctx.req, maxBodyBytes);
        response = Buffer.isBuffer(body)
          ? await service.handle(toRequest(ctx, path, contentType, body, receivedAt))
          : body;
      }
      const { method, outcome, error } = response.call;
      ctx.state.thrift = { service: service.definition.name, method, outcome, error };
      send(ctx, response);
    };
    router.all(mount, serve);
    router.all(`${mount}/:method`, serve);
  }
  return router;
}

function toRequest(
  ctx: RouterContext<ThriftRouterState>,
  path: string,
  contentType: string | undefined,
  body: Buffer,
  receivedAt: number,
): ThriftHttpRequest {
  const headers = ctx.request.headers;
  const header = headers["x-request-id"];
  const requestId = ctx.state.requestId ?? (typeof header === "string" && header !== "" ? header : randomUUID());
  return new KoaThriftRequest(ctx.method, path, ctx.querystring, contentType, body, requestId, ctx.state.identity, headers, receivedAt, ctx.res);
}

// A class, not an object literal: a getter defined per object literal (closing over the
// response) made every request's garbage costly to collect, scavenges of 10 ms and more
// under load; on the prototype it costs nothing (see docs/benchmarks.md).
class KoaThriftRequest implements ThriftHttpRequest {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly query: string,
    readonly contentType: string | undefined,
    readonly body: Buffer,
    readonly requestId: string,
    readonly identity: string | undefined,
    readonly headers: ThriftHttpRequest["headers"],
    readonly receivedAt: number,
    private readonly response: ServerResponse,
  ) {}

  /** Made only if a handler asks for its signal. */
  get signal(): AbortSignal {
    return callerSignal(this.response);
  }
}

function send(ctx: RouterContext<ThriftRouterState>, response: ThriftHttpResponse): void {
  ctx.status = response.status;
  ctx.set(response.headers);
  ctx.body = response.body;
}
