// The process: read the configuration, open the database behind its cache, serve
// until SIGTERM or SIGINT, then close the database.
import config from "config";
import { createLogger, exitOnStartupError, openDatabase, serve } from "@starter/shared/server";
import { createApp } from "./app";
import { withCache } from "./cached-repository";
import { loadUserConfig } from "./config";
import { createSqliteUserRepository } from "./sqlite-repository";

async function main(): Promise<void> {
  const settings = loadUserConfig(config);
  const logger = createLogger({ level: settings.logLevel, name: "user" });
  const db = openDatabase(settings.storage);
  const users = withCache(createSqliteUserRepository(db), settings.cache);
  await serve(createApp({ ...settings, logger, users }), { ...settings, logger, onClose: () => db.close() });
}

main().catch(exitOnStartupError);
