// The echo service as a Koa app: its generated definition and handler, mounted at the
// configured path (`thrift.path`, /echo) inside the conventions every service shares
// (auth, request ids, logs, metrics, health). It never listens: main.ts serves it, tests
// serve it on a free port.
import { createServiceApp, type Logger, type ServerApp, type ServiceAppConfig } from "@starter/shared/server";
import { Echo } from "./gen/echo";
import { echoHandler } from "./handler";

export function createApp(config: ServiceAppConfig, logger: Logger): ServerApp {
  return createServiceApp({ definition: Echo, handler: echoHandler, config, logger });
}
