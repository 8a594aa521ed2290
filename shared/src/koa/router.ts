// Mounts Thrift services on a Koa app by path, the way WSGI's DispatcherMiddleware
// mounts apps: `{ "/echo": echoService }` serves POST /echo, POST /echo/<method> and
// GET /echo/<method>?m=…. The service decides everything; this only moves bytes.
// `"/"` mounts a service at the root for the stock clients that post there (Apache's Go
// and Node clients by default): it answers `/` alone, its `/<method>` paths would be
// every other mount's.
//
//     app.use(createThriftMiddleware(services));          // what createServerApp uses
//     router.use(createThriftRouter(services).routes());  // beside routes of your own
import Router, { type RouterContext } from "@koa/router";
import type { Middleware, ParameterizedContext } from "koa";
import { contentCodingOf } from "../core/content-coding";
import type { BodyProblem, ThriftHttpResponse } from "../core/http";
import { defaultMaxBodyBytesInFlight, resolveMaxBodyBytes } from "../core/limits";
import { isMountPath } from "../core/mount-path";
import type { ThriftService } from "../core/service";
import { readBody } from "./body";
import { BodyBudget, BodyHold, type HeldBytes } from "./body-budget";
import { readCompressedBody } from "./body-inflate";
import { KoaThriftRequest } from "./request";
import type { ThriftRouterState } from "./state";
import { endAtTurnEnd } from "./turn-end";

export type { ThriftRouterState } from "./state";

export interface ThriftRouterOptions {
  /**
   * Largest request body in bytes; a larger one gets 413 and is not buffered. A
   * compressed body (`Content-Encoding`) is held to it twice: as sent, and inflated.
   * Default `defaultMaxBodyBytes` (1 MiB), as the gateway's `client_max_body_size`.
   */
  maxBodyBytes?: number;
  /**
   * Most request body bytes the calls in hand may hold together, in bytes; a call that
   * would pass it gets 503 with Retry-After: unread when its Content-Length says so, else
   * as soon as the bytes it holds (arrived, or inflated) pass it. A call's decoded values
   * and reply take several times its body (core/limits.ts): without a bound, enough
   * large calls at once exhaust the process's memory. A call alone is always taken. Default `defaultMaxBodyBytesInFlight(maxBodyBytes)`: 4 ×
   * `maxBodyBytes` (4 MiB).
   */
  maxBodyBytesInFlight?: number;
}

type Serve = (ctx: ParameterizedContext<ThriftRouterState>, path: string) => Promise<void>;

/** Each mount path's handler, after checking the services and options. */
function mountAll(services: Readonly<Record<string, ThriftService>>, options: ThriftRouterOptions): Map<string, Serve> {
  const maxBodyBytes = resolveMaxBodyBytes(options.maxBodyBytes);
  const budget = new BodyBudget(options.maxBodyBytesInFlight ?? defaultMaxBodyBytesInFlight(maxBodyBytes));
  const mounts = new Map<string, Serve>();
  const paths = Object.keys(services);
  for (const [mount, service] of Object.entries(services)) {
    if (!isMountPath(mount) && mount !== "/") {
      throw new TypeError(
        `Mount path ${JSON.stringify(mount)} must be / or like /name or /a/b (letters, digits, . _ ~ -)`,
      );
    }
    // `/a/<method>` would be claimed by both services.
    const nested = paths.find((other) => other.startsWith(`${mount}/`));
    if (nested !== undefined) throw new TypeError(`Mount paths ${mount} and ${nested} overlap`);
    if (typeof service?.handle !== "function") throw new TypeError(`The service at ${mount} is not a ThriftService`);
    mounts.set(mount, async (ctx, path) => {
      const request = new KoaThriftRequest(ctx, path);
      const admitted = service.admit(request);
      let response;
      if (typeof admitted !== "number") response = admitted;
      else if (request.method === "GET") response = await service.handle(request, admitted);
      else {
        // Node's parser has checked that a Content-Length is a number. One that would not
        // fit is refused unread; the bytes are held as they arrive (body-budget.ts).
        const declared = Number(ctx.req.headers["content-length"] ?? 0);
        if (!budget.fits(declared)) response = service.refuseBody(request, budget.busy);
        else {
          const hold = new BodyHold(budget);
          try {
            const body = await readRequestBody(ctx, maxBodyBytes, request, admitted, hold);
            if (!Buffer.isBuffer(body)) response = service.refuseBody(request, body);
            // Held now: the body alone (an inflated body's compressed bytes are gone).
            else if (!hold.set(body.length)) response = service.refuseBody(request, budget.busy);
            else {
              request.body = body;
              response = await service.handle(request, admitted);
            }
          } finally {
            hold.release();
          }
        }
      }
      ctx.state.thrift = response.call;
      writeResponse(ctx, response);
    });
  }
  return mounts;
}

/** The body, plain or inflated; admit refused a coding the service does not take. */
function readRequestBody(
  ctx: ParameterizedContext<ThriftRouterState>,
  maxBodyBytes: number,
  request: KoaThriftRequest,
  admitted: number,
  held: HeldBytes,
): Promise<Buffer | BodyProblem> {
  const encoding = request.headers["content-encoding"];
  const coding = encoding === undefined ? "identity" : (contentCodingOf(encoding) ?? "identity");
  return coding === "identity"
    ? readBody(ctx.req, ctx.res, maxBodyBytes, request.receivedAt, admitted, held)
    : readCompressedBody(ctx.req, ctx.res, coding, maxBodyBytes, request.receivedAt, admitted, held);
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

// The reply is written here, not through `ctx.body`: Koa's response setters sniff types,
// check streams and re-set headers, 10-14 µs of CPU per call (docs/benchmarks.md), and a
// Thrift reply needs none of it. `ctx.respond = false` tells
// Koa the reply is sent; headers set by earlier middleware (`ctx.set`) are kept, and
// `ctx.status` reads the status written here. The body goes out with the other replies of
// this event-loop turn (turn-end.ts). Content-Type and Content-Length go on the wire
// spelled as Apache's servers and Node's own replies spell them: header names are
// case-insensitive, but Apache's Lua THttpTransport looks Content-Length up by that name.
function writeResponse(ctx: ParameterizedContext<ThriftRouterState>, response: ThriftHttpResponse): void {
  ctx.respond = false;
  const { res } = ctx;
  const { headers, body } = response;
  for (const name in headers) res.setHeader(name === "content-type" ? "Content-Type" : name, headers[name] as string);
  res.setHeader("Content-Length", body.length);
  res.writeHead(response.status);
  endAtTurnEnd(res, body);
}
