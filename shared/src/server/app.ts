// The Koa app of a service, every convention in place. The order is the design:
//
//   tracing                     a span per call around all below, so the access-log line
//                               and the handler run inside it (only when tracing)
//   conventions (one frame)     in: served-by, request id, so every reply carries them,
//                               errors included; out: any failure answered in JSON, the
//                               call metrics recorded, one access-log line per request
//   health, open metrics        probes and scrapes need no credentials
//   auth                        all below needs credentials, checked before a body is read
//   metrics gate                counts the calls in flight and starts their clock
//   Thrift router               the services, at their mount paths
import Koa from "koa";
import type { ThriftService } from "../core/service";
import { registeredTracer } from "../core/tracer";
import { createThriftMiddleware } from "../koa/router";
import { logOnewayError } from "./access-log";
import { createAuth, type AuthOptions } from "./auth";
import { conventions } from "./conventions";
import { createHealth, type Health } from "./health";
import type { Logger } from "./logger";
import { createMetrics, type Metrics } from "./metrics";
import type { ServerState } from "./state";
import { serverTracing } from "./tracing";

export interface ServerAppOptions {
  /** The Thrift services by mount path, e.g. `{ "/echo": echoService }`. */
  services: Record<string, ThriftService>;
  /** The process's logger: the access log and every convention's lines go to its children. */
  logger: Logger;
  /** The credentials callers must present, or `false` for none (trusted networks only). */
  auth: AuthOptions | false;
  /** Whether `GET /metrics` needs credentials too; by default scrapers reach it without. */
  metricsRequireAuth?: boolean;
  /** Named in `X-Served-By`; the host name by default. */
  servedBy?: string;
  /** The largest Thrift request body accepted, in bytes (413 past it); `defaultMaxBodyBytes` (1 MiB) by default. */
  maxBodyBytes?: number;
  /** Most request body bytes the calls in hand may hold together (503 past it); 4 × maxBodyBytes by default. */
  maxBodyBytesInFlight?: number;
}

/** A service's app, ready for `serve` (or for a test's own server). */
export interface ServerApp {
  readonly koa: Koa<ServerState>;
  readonly health: Health;
  readonly metrics: Metrics;
  /** Resolves once every service's accepted oneway work has finished. */
  drain(): Promise<void>;
  /** Every service's oneway calls accepted and not finished (`ThriftService.onewayPending`). */
  onewayPending(): number;
}

/** What writing to a connection its caller has closed or reset fails with. */
const callerGoneCodes: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "EPIPE",
  "ECONNABORTED",
  "ERR_STREAM_PREMATURE_CLOSE",
  "ERR_STREAM_DESTROYED",
]);

export function createServerApp(options: ServerAppOptions): ServerApp {
  const { services, logger, auth } = options;
  const health = createHealth();
  const metrics = createMetrics();
  const koa = new Koa<ServerState>();
  // Koa reports here what no middleware could answer. Like every line, through the
  // logger's safe serializer (log-safety.ts). A caller that closed or reset its connection
  // before its answer was written is the caller's doing: info, without a stack, or any
  // caller could fill the error log at will.
  koa.on("error", (error: unknown, ctx?: Koa.Context) => {
    const requestId = ctx?.state["requestId"];
    const code = (error as { code?: unknown } | undefined)?.code;
    if (typeof code === "string" && callerGoneCodes.has(code)) logger.info({ requestId, code }, "caller went away");
    else logger.error({ err: error, requestId }, "unanswered error");
  });
  // A oneway handler's error has no caller to go to: it goes to the log, for every
  // service not given a reporter of its own.
  const onewayErrors = logOnewayError(logger);
  for (const service of Object.values(services)) service.reportOnewayErrorsTo(onewayErrors);

  // Outside the conventions' frame, so its span is active for the access-log line (logger.ts
  // adds its ids) and ends once the error boundary has answered; none at all when off.
  const tracer = registeredTracer();
  if (tracer !== undefined) koa.use(serverTracing(tracer));
  koa.use(conventions({ logger, metrics, servedBy: options.servedBy }));
  koa.use(health.middleware);
  if (!options.metricsRequireAuth) koa.use(metrics.endpoint);
  if (auth) koa.use(createAuth(auth));
  else logger.warn("authentication is off: every caller is accepted");
  if (options.metricsRequireAuth) koa.use(metrics.endpoint);
  koa.use(metrics.gate);
  koa.use(
    createThriftMiddleware(services, {
      maxBodyBytes: options.maxBodyBytes,
      maxBodyBytesInFlight: options.maxBodyBytesInFlight,
    }),
  );

  return {
    koa,
    health,
    metrics,
    drain: async () => {
      await Promise.all(Object.values(services).map((service) => service.drain()));
    },
    // One service may be mounted at several paths (the conformance server's four): counted once.
    onewayPending: () => [...new Set(Object.values(services))].reduce((sum, service) => sum + service.onewayPending, 0),
  };
}
