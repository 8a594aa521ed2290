// The echo service as a Koa app: its Thrift service mounted at the configured path
// (`thrift.path`, /echo), inside the conventions every service shares (auth, request
// ids, logs, metrics, health). It never listens: main.ts serves it, tests serve it on
// a free port.
import {
  createServerApp,
  createThriftService,
  type ServerApp,
  type ServerAppOptions,
  type ThriftSettings,
} from "@starter/shared";
import { Echo } from "./gen/echo";
import { echoHandler } from "./handler";

export interface EchoAppOptions extends Omit<ServerAppOptions, "services" | "maxBodyBytes"> {
  /** Where the service is mounted and what one call may take (config `thrift.*`). */
  thrift: ThriftSettings;
}

export function createApp({ thrift, ...options }: EchoAppOptions): ServerApp {
  const echo = createThriftService(Echo, echoHandler, { maxTimeoutMs: thrift.maxTimeoutMs });
  return createServerApp({ ...options, maxBodyBytes: thrift.maxBodyBytes, services: { [thrift.path]: echo } });
}
