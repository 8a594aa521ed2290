// The process: read the configuration, open the database, serve until SIGTERM or
// SIGINT, and close the database once the last call and oneway increment are done.
import config from "config";
import { createLogger, exitOnStartupError, openDatabase, serve } from "@starter/shared/server";
import { createApp } from "./app";
import { loadDataConfig } from "./config";
import { createSqliteDataStore } from "./sqlite-store";

async function main(): Promise<void> {
  const settings = loadDataConfig(config);
  const logger = createLogger({ level: settings.logLevel, name: "data" });
  const db = openDatabase(settings.storage);
  const app = createApp({ ...settings, logger, store: createSqliteDataStore(db) });
  await serve(app, { ...settings, logger, onClose: () => db.close() });
}

main().catch(exitOnStartupError);
