// The node:http server a service listens with, and the limits that let it protect itself
// when reached directly (in a cluster, other services and the gateway do), as nginx
// protects the gateway:
//
//   headersTimeoutMs   a connection whose request head has not all arrived in time (the
//                      first request of a new connection included) gets 408 and is closed
//   keepAliveTimeoutMs an idle keep-alive connection is closed; longer than the gateway's
//                      upstream keep-alive, so nginx never sends on a connection Node closes
//   maxConnections     connections past it are closed as soon as accepted
//
// A Thrift call's body must arrive by the call's deadline (koa/body.ts answers 504 then);
// Node's requestTimeout (300 s, a whole request) stays as the backstop. A reply given
// before the body arrived closes the connection without reading the rest
// (early-reply.ts). Requests the HTTP parser refuses are answered by client-error.ts.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Socket } from "node:net";
import { answerClientErrors } from "./client-error";
import { answerNodeRefusals } from "./node-refusals";
import { EarlyReplyResponse } from "./early-reply";
import type { Logger } from "./logger";

export interface HttpServerOptions {
  /**
   * How long an idle keep-alive connection stays open, in ms: longer than the gateway's
   * upstream keep-alive, so nginx never sends on a connection Node just closed. Default
   * `defaultKeepAliveTimeoutMs` (75 000).
   */
  keepAliveTimeoutMs?: number;
  /**
   * How long a request head may take to arrive, in ms, counted from its first byte, and
   * for a connection's first request from the connection too (a connection that sends
   * nothing is closed as well); past it, 408 and the connection is closed. Checked every second (or
   * every `headersTimeoutMs` when shorter), so it may take up to that much longer.
   * Default 10 000; at most 300 000 (Node's whole-request timeout).
   */
  headersTimeoutMs?: number;
  /** Connections open at once; one more is closed as soon as accepted (nginx tries another replica). Default 4096. */
  maxConnections?: number;
  /** Where refused requests and a reached connection limit are logged. */
  logger: Logger;
}

/**
 * The defaults of the options above, and of the services' `server.*` settings. The
 * gateway's upstream keep-alive is shorter (nginx/gateway/upstreams.conf, checked against
 * this by nginx/test/limits.test.ts).
 */
export const defaultKeepAliveTimeoutMs = 75_000;
export const defaultHeadersTimeoutMs = 10_000;
export const defaultMaxConnections = 4096;

/** One line at most this often while connections are being refused, with how many were. */
const dropReportIntervalMs = 10_000;

export function createHttpServer(options: HttpServerOptions): Server {
  const { logger } = options;
  const headersTimeoutMs = checked("headersTimeoutMs", options.headersTimeoutMs ?? defaultHeadersTimeoutMs, 300_000);
  const maxConnections = checked("maxConnections", options.maxConnections ?? defaultMaxConnections, 2 ** 31 - 1);
  const keepAliveTimeoutMs = checked(
    "keepAliveTimeoutMs",
    options.keepAliveTimeoutMs ?? defaultKeepAliveTimeoutMs,
    2 ** 31 - 1,
  );
  const server = createServer({
    ServerResponse: EarlyReplyResponse,
    keepAliveTimeout: keepAliveTimeoutMs,
    // Since Node 18 the head timeout runs only while a request head is arriving, never
    // on an idle keep-alive connection: it need not exceed keepAliveTimeout.
    headersTimeout: headersTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
    // Node's own refusal of a request without Host is a bare 400: the request listener
    // answers it in JSON (node-refusals.ts), as the expectations and CONNECT below.
    requireHostHeader: false,
  });
  server.maxConnections = maxConnections;
  server.on("clientError", answerClientErrors(logger));
  answerNodeRefusals(server);
  timeFirstHeadFromConnection(server, headersTimeoutMs);

  let dropped = 0;
  let reportedAt = -Infinity;
  server.on("drop", () => {
    dropped++;
    const now = performance.now();
    if (now - reportedAt >= dropReportIntervalMs) {
      logger.warn({ maxConnections, dropped }, "connection limit reached: new connections closed");
      reportedAt = now;
      dropped = 0;
    }
  });
  return server;
}

const firstHeadTimer = Symbol("firstHeadTimer");

/**
 * Node times a request head from its first byte, for a connection's first request too: a
 * connection silent for just under `headersTimeoutMs` that then trickles its head held its
 * slot twice as long (the hostile probe: 408 at 20 s for 10). The first head is also held
 * to `headersTimeoutMs` from the connection, answered as Node answers a late head.
 */
function timeFirstHeadFromConnection(server: Server, headersTimeoutMs: number): void {
  server.on("connection", (socket: Socket & { [firstHeadTimer]?: NodeJS.Timeout }) => {
    const timer = setTimeout(() => {
      if (socket.destroyed) return;
      const late = Object.assign(new Error("The first request head did not arrive in time"), {
        code: "ERR_HTTP_REQUEST_TIMEOUT",
      });
      server.emit("clientError", late, socket);
    }, headersTimeoutMs);
    socket[firstHeadTimer] = timer;
    socket.once("close", () => clearTimeout(timer));
  });
  server.on("request", (request: IncomingMessage) => {
    clearTimeout((request.socket as { [firstHeadTimer]?: NodeJS.Timeout })[firstHeadTimer]);
  });
}

function checked(name: string, value: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new TypeError(`Option ${name} must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}
