// The process: read the configuration, open and migrate the database, put the cache in
// front of it (kept coherent by the database's change notifications), serve until
// SIGTERM or SIGINT, then close the database.
import config from "config";
import { openDatabase } from "@starter/shared/db";
import { createLogger, exitOnStartupError, serve, startTracing } from "@starter/shared/server";
import { createApp } from "./app";
import { listenForChanges, withCache } from "./cached-repository";
import { loadUserConfig } from "./config";
import { migrations } from "./migrations";
import { createPgUserRepository } from "./pg-repository";

async function main(): Promise<void> {
  const settings = loadUserConfig(config);
  // First: the logger, the app and its clients trace only if it is on when they are made.
  const tracing = startTracing({ serviceName: "user" });
  const logger = createLogger({ level: settings.logLevel, name: "user" });
  const db = await openDatabase(settings.database, { logger, migrations });
  const users = withCache(createPgUserRepository(db), settings.cache);
  await listenForChanges(db, users, logger);
  await serve(createApp(settings, logger, users), {
    ...settings,
    logger,
    onClose: () => db.close().finally(tracing.shutdown),
  });
}

main().catch(exitOnStartupError);
