// The data service as a Koa app (see services/echo/src/app.ts for the pattern). Its
// database is passed in: main.ts opens the configured one, tests the embedded one.
import { createOnewayQueue, type Database, type OnewayQueueOptions } from "@starter/shared/db";
import { createServiceApp, type Logger, type ServerApp, type ServiceAppConfig } from "@starter/shared/server";
import { DataService } from "./gen/data";
import { createDataHandler } from "./handler";
import { createPgDataStore } from "./pg-store";

export interface DataAppConfig extends ServiceAppConfig {
  /** How this replica runs the kept oneway calls (config `oneway.*`). */
  oneway: Omit<OnewayQueueOptions, "logger">;
}

/** `db`: where entries, counters and the durable oneway calls live, migrated. */
export function createApp(config: DataAppConfig, logger: Logger, db: Database): ServerApp {
  return createServiceApp({
    definition: DataService,
    handler: createDataHandler(createPgDataStore(db)),
    config,
    logger,
    // incrementLater is durable: kept in the database before it is answered, run by the
    // consumers of any replica, which log its failures and retry it.
    service: { onewayStore: createOnewayQueue(db, { ...config.oneway, logger }) },
  });
}
