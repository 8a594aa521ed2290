// The process: read the configuration, open and migrate the database, serve until
// SIGTERM or SIGINT (the consumers of durable oneway calls finish the ones in hand),
// then close the database.
import config from "config";
import { createLogger, exitOnStartupError, openDatabase, serve } from "@starter/shared";
import { createApp } from "./app";
import { loadDataConfig } from "./config";
import { migrations } from "./migrations";

async function main(): Promise<void> {
  const settings = loadDataConfig(config);
  const logger = createLogger({ level: settings.logLevel, name: "data" });
  const db = await openDatabase(settings.database, { logger, migrations });
  const app = createApp({ ...settings, logger, db });
  await serve(app, { ...settings, logger, onClose: () => db.close() });
}

main().catch(exitOnStartupError);
