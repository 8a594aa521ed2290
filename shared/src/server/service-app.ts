// One service's app from what its team writes: the generated definition, the handler,
// the service's configuration (config/, read by loadServerConfig) and a logger. Everything
// else is wired here the one right way: the Thrift service with the configured longest
// call, mounted at `thrift.path` with the body limit, inside createServerApp's conventions
// (auth, request ids, logs, metrics, health, oneway failures to the log).
//
//     export const createApp = (config: ServiceAppConfig, logger: Logger) =>
//       createServiceApp({ definition: Echo, handler: echoHandler, config, logger });
import type { ServiceDefinition } from "../core/definition";
import { createThriftService, type ThriftServiceOptions } from "../core/service";
import { createServerApp, type ServerApp } from "./app";
import type { ServerConfig } from "./config";
import type { Logger } from "./logger";

/** What of a service's configuration its app needs: `thrift.*`, `auth.*`, `metrics.requireAuth`. */
export type ServiceAppConfig = Pick<ServerConfig, "thrift" | "auth" | "metricsRequireAuth">;

export interface ServiceAppOptions<H> {
  /** The generated service definition, e.g. `Echo`. */
  definition: ServiceDefinition<H, unknown>;
  /** The IDL's implementation, typed by the definition (`satisfies EchoHandler`). */
  handler: NoInfer<H>;
  /** The service's settings: mount path, body limit and longest call, credentials, metrics. */
  config: ServiceAppConfig;
  /** The process's logger, handed to `createServerApp`. */
  logger: Logger;
  /**
   * Options of the Thrift service beyond the configured longest call: decode limits, the
   * oneway queue, and the `onewayStore` its `durable` oneway methods need
   * (`createOnewayQueue` of @starter/shared/db). Default: `ThriftServiceOptions`'s defaults.
   */
  service?: Omit<ThriftServiceOptions, "maxTimeoutMs">;
  /** Named in `X-Served-By`; the host name by default. */
  servedBy?: string;
}

/** A service's app, ready for `serve` (or for a test's own server). */
export function createServiceApp<H>(options: ServiceAppOptions<H>): ServerApp {
  const { config, logger } = options;
  const { path, maxBodyBytes, maxBodyBytesInFlight, maxTimeoutMs } = config.thrift;
  const service = createThriftService(options.definition, options.handler, { ...options.service, maxTimeoutMs });
  return createServerApp({
    services: { [path]: service },
    logger,
    auth: config.auth,
    metricsRequireAuth: config.metricsRequireAuth,
    maxBodyBytes,
    maxBodyBytesInFlight,
    servedBy: options.servedBy,
  });
}
