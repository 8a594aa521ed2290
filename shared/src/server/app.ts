// The Koa app of a service, every convention in place. The order is the design:
//
//   served-by, request id       set first, so every reply carries them, errors included
//   tracing                     a span per call, active for all below (only when tracing)
//   access log, error boundary  one line per request; any failure answered in JSON
//   health, open metrics        probes and scrapes need no credentials
//   auth                        all below needs credentials, checked before a body is read
//   call metrics                counts and times the calls
//   Thrift router               the services, at their mount paths
import Koa from "koa";
import type { ThriftService } from "../core/service";
import { registeredTracer } from "../core/tracer";
import { createThriftMiddleware } from "../koa/router";
import { accessLog, logOnewayError } from "./access-log";
import { createAuth, type AuthOptions } from "./auth";
import { errorBoundary } from "./errors";
import { createHealth, type Health } from "./health";
import type { Logger } from "./logger";
import { createMetrics, type Metrics } from "./metrics";
import { requestId } from "./request-id";
import { servedBy } from "./served-by";
import type { ServerState } from "./state";
import { serverTracing } from "./tracing";

export interface ServerAppOptions {
  /** The Thrift services by mount path, e.g. `{ "/echo": echoService }`. */
  services: Record<string, ThriftService>;
  logger: Logger;
  /** The credentials callers must present, or `false` for none (trusted networks only). */
  auth: AuthOptions | false;
  /** Whether `GET /metrics` needs credentials too; by default scrapers reach it without. */
  metricsRequireAuth?: boolean;
  /** Named in `X-Served-By`; the host name by default. */
  servedBy?: string;
  /** The largest Thrift request body accepted, in bytes (413 past it); `defaultMaxBodyBytes` (1 MiB) by default. */
  maxBodyBytes?: number;
}

/** A service's app, ready for `serve` (or for a test's own server). */
export interface ServerApp {
  readonly koa: Koa<ServerState>;
  readonly health: Health;
  readonly metrics: Metrics;
  /** Resolves once every service's accepted oneway work has finished. */
  drain(): Promise<void>;
}

export function createServerApp(options: ServerAppOptions): ServerApp {
  const { services, logger, auth } = options;
  const health = createHealth();
  const metrics = createMetrics();
  const koa = new Koa<ServerState>();
  // Koa reports here what no middleware could answer (a client gone mid-reply, …). Like
  // every line, through the logger's safe serializer (log-safety.ts).
  koa.on("error", (error: unknown, ctx?: Koa.Context) => {
    logger.error({ err: error, requestId: ctx?.state["requestId"] }, "unanswered error");
  });
  // A oneway handler's error has no caller to go to: it goes to the log, for every
  // service not given a reporter of its own.
  const onewayErrors = logOnewayError(logger);
  for (const service of Object.values(services)) service.reportOnewayErrorsTo(onewayErrors);

  koa.use(servedBy(options.servedBy));
  koa.use(requestId());
  const tracer = registeredTracer();
  if (tracer !== undefined) koa.use(serverTracing(tracer));
  koa.use(accessLog(logger));
  koa.use(errorBoundary());
  koa.use(health.middleware);
  if (!options.metricsRequireAuth) koa.use(metrics.endpoint);
  if (auth) koa.use(createAuth(auth));
  else logger.warn("authentication is off: every caller is accepted");
  if (options.metricsRequireAuth) koa.use(metrics.endpoint);
  koa.use(metrics.middleware);
  koa.use(createThriftMiddleware(services, { maxBodyBytes: options.maxBodyBytes }));

  return {
    koa,
    health,
    metrics,
    drain: async () => {
      await Promise.all(Object.values(services).map((service) => service.drain()));
    },
  };
}
