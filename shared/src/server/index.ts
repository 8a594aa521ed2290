// @starter/shared/server: what every service composes. createServiceApp from a
// definition, a handler and config/; or createServerApp around services of your own
// (createThriftService, createMultiplexedService); the process (serve, graceful shutdown),
// config, logs, metrics, auth, health.
export * from "./access-log";
export * from "./app";
export * from "./auth";
export * from "./config";
export * from "./conventions";
export * from "./early-reply";
export * from "./errors";
export * from "./health";
export * from "./http-server";
export * from "./lifecycle";
export * from "./logger";
export * from "./metrics";
export * from "./request-id";
export * from "./served-by";
export * from "./service-app";
export * from "./start-tracing";
export * from "./state";
export * from "./tracing-config";
export {
  createMultiplexedService,
  createThriftService,
  type MultiplexedServiceOptions,
  type OnewayErrorReporter,
  type OnewayStore,
  ServiceUnavailable,
  type ThriftService,
  type ThriftServiceOptions,
} from "../core";
export type { CallContext, CallOptions, MethodDefinition, ServiceDefinition } from "../core/definition";
export { defaultMaxBodyBytes, defaultMaxBodyBytesInFlight } from "../core/limits";
export { defaultMaxTimeoutMs } from "../core/deadline";
