// The process: read the configuration (config/*.json, overridden by environment
// variables), build the app, and serve it until SIGTERM or SIGINT.
import config from "config";
import { createLogger, exitOnStartupError, loadServerConfig, serve, startTracing } from "@starter/shared/server";
import { createApp } from "./app";

async function main(): Promise<void> {
  const settings = loadServerConfig(config);
  // First: the logger, the app and its clients trace only if it is on when they are made.
  const tracing = startTracing({ serviceName: "echo" });
  const logger = createLogger({ level: settings.logLevel, name: "echo" });
  await serve(createApp(settings, logger), { ...settings, logger, onClose: tracing.shutdown });
}

main().catch(exitOnStartupError);
