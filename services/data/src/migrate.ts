// `make migrate` runs this (`node dist/migrate.js` in the image): applies the database
// migrations and exits, without serving. Every start of the service applies them too.
import config from "config";
import { openDatabase } from "@starter/shared/db";
import { createLogger, exitOnStartupError } from "@starter/shared/server";
import { loadDataConfig } from "./config";
import { migrations } from "./migrations";

async function main(): Promise<void> {
  const settings = loadDataConfig(config);
  const logger = createLogger({ level: settings.logLevel, name: "data" });
  const db = await openDatabase(settings.database, { logger, migrations });
  await db.close();
  logger.info({ schema: settings.database.schema }, "migrations applied");
}

main().catch(exitOnStartupError);
