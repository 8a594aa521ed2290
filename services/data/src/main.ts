// The process: read the configuration, open and migrate the database, serve until
// SIGTERM or SIGINT (the consumers of durable oneway calls finish the ones in hand),
// then close the database.
import config from "config";
import { openDatabase } from "@starter/shared/db";
import { createLogger, exitOnStartupError, serve, startTracing } from "@starter/shared/server";
import { createApp } from "./app";
import { loadDataConfig } from "./config";
import { migrations } from "./migrations";

async function main(): Promise<void> {
  const settings = loadDataConfig(config);
  // First: the logger, the app and its clients trace only if it is on when they are made.
  const tracing = startTracing({ serviceName: "data" });
  const logger = createLogger({ level: settings.logLevel, name: "data" });
  const db = await openDatabase(settings.database, { logger, migrations });
  await serve(createApp(settings, logger, db), {
    ...settings,
    logger,
    onClose: () => db.close().finally(tracing.shutdown),
  });
}

main().catch(exitOnStartupError);
