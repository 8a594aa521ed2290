// Mounts Thrift services on a Koa app by path, the way WSGI's DispatcherMiddleware
// mounts apps: `{ "/echo": echoService }` serves POST /echo, POST /echo/<method> and
// GET /echo/<method>?m=…. The service decides everything; this only moves bytes.
// `"/"` mounts a service at the root for the stock clients that post there (Apache's Go
// and Node clients by default): it answers `/` alone, its `/<method>` paths would be
// every other mount's.
//
//     app.use(createThriftMiddleware(services));          // what createServerApp uses
//     router.use(createThriftRouter(services).routes());  // beside routes of your own
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import Router, { type RouterContext } from "@koa/router";
import type { Middleware, ParameterizedContext } from "koa";
import { contentCodingOf } from "../core/content-coding";
import type { ThriftHttpRequest, ThriftHttpResponse } from "../core/http";
import type { ThriftService } from "../core/service";
import type { ThriftCallRecord } from "../server/state";
import { readBody } from "./body";
import { readCompressedBody } from "./body-inflate";
import { callerSignal } from "./caller-signal";

export interface ThriftRouterOptions {
  /**
   * Largest request body in bytes; a larger one gets 413 and is not buffered. A
   * compressed body (`Content-Encoding`) is held to it twice: as sent, and inflated.
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

type Serve = (ctx: ParameterizedContext<ThriftRouterState>, path: string) => Promise<void>;

/** Each mount path's handler, after checking the services and options. */
function mountAll(services: Readonly<Record<string, ThriftService>>, options: ThriftRouterOptions): Map<string, Serve> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new TypeError(`Option maxBodyBytes must be a non-negative integer, got ${String(maxBodyBytes)}`);
  }
  const mounts = new Map<string, Serve>();
  const paths = Object.keys(services);
  for (const [mount, service] of Object.entries(services)) {
    if (!isMountPath(mount) && mount !== "/") {
      throw new TypeError(`Mount path ${JSON.stringify(mount)} must be / or like /name or /a/b (letters, digits, . _ ~ -)`);
    }
    // `/a/<method>` would be claimed by both services.
    const nested = paths.find((other) => other.startsWith(`${mount}/`));
    if (nested !== undefined) throw new TypeError(`Mount paths ${mount} and ${nested} overlap`);
    if (typeof service?.handle !== "function") throw new TypeError(`The service at ${mount} is not a ThriftService`);
    const name = service.definition.name;
    mounts.set(mount, async (ctx, path) => {
      // The caller's timeout counts from here, before the body is read.
      const receivedAt = Date.now();
      const headers = ctx.request.headers;
      const contentType = headers["content-type"];
      const head = { method: ctx.method, path, contentType, headers };
      let response = service.precheck(head);
      if (response === undefined) {
        let body;
        if (ctx.method === "GET") body = emptyBody;
        else {
          const timeoutMs = service.bodyTimeoutMs(head);
          // precheck refused a coding the service does not take.
          const coding = contentCodingOf(headers["content-encoding"]) ?? "identity";
          body =
            coding === "identity"
              ? await readBody(ctx.req, maxBodyBytes, receivedAt + timeoutMs)
              : await readCompressedBody(ctx.req, coding, maxBodyBytes, receivedAt + timeoutMs);
          if (body === undefined) {
            // Given up mid-body: what is left of it would be read as the next request.
            ctx.res.setHeader("connection", "close");
            body = service.bodyTimedOut(head, timeoutMs);
          }
        }
        response = Buffer.isBuffer(body) ? await service.handle(toRequest(ctx, path, contentType, body, receivedAt)) : body;
      }
      const { service: answered, method, outcome, error } = response.call;
      ctx.state.thrift = { service: answered ?? name, method, outcome, error };
      send(ctx, response);
    });
  }
  return mounts;
}

/**
 * The services as one Koa middleware: a map lookup by path, then the call. Requests to
 * other paths pass on. The fast way in: @koa/router's per-request matching and chain
 * building cost a measurable share of a call (docs/benchmarks.md).
 */
export function createThriftMiddleware(
  services: Readonly<Record<string, ThriftService>>,
  options: ThriftRouterOptions = {},
): Middleware<ThriftRouterState> {
  const mounts = mountAll(services, options);
  return (ctx, next) => {
    const path = ctx.path;
    let serve = mounts.get(path);
    if (serve !== undefined) return serve(ctx, "");
    const slash = path.lastIndexOf("/");
    serve = slash > 0 ? mounts.get(path.slice(0, slash)) : undefined;
    return serve === undefined ? next() : serve(ctx, path.slice(slash));
  };
}

/** The same services as @koa/router routes, to mount beside routes of your own. */
export function createThriftRouter(
  services: Readonly<Record<string, ThriftService>>,
  options: ThriftRouterOptions = {},
): Router<ThriftRouterState> {
  const router = new Router<ThriftRouterState>();
  for (const [mount, serve] of mountAll(services, options)) {
    const route = (ctx: RouterContext<ThriftRouterState>) => serve(ctx, ctx.path.slice(mount.length));
    router.all(mount, route);
    if (mount !== "/") router.all(`${mount}/:method`, route);
  }
  return router;
}

function toRequest(
  ctx: ParameterizedContext<ThriftRouterState>,
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

// The reply is written here, not through `ctx.body`: Koa's response setters sniff types,
// check streams and re-set headers, 10-14 µs of CPU per call (docs/benchmarks.md), and a
// Thrift reply needs none of it. `ctx.respond = false` tells
// Koa the reply is sent; headers set by earlier middleware (`ctx.set`) are kept, and
// `ctx.status` reads the status written here.
function send(ctx: ParameterizedContext<ThriftRouterState>, response: ThriftHttpResponse): void {
  ctx.respond = false;
  const { res } = ctx;
  const { headers, body } = response;
  for (const name in headers) res.setHeader(name, headers[name] as string);
  res.setHeader("content-length", body.length);
  res.writeHead(response.status);
  res.end(body);
}
