// The data service as a Koa app (see services/echo/src/app.ts for the pattern). The
// database is passed in: main.ts opens the configured one, tests an embedded one.
import {
  createOnewayQueue,
  createServerApp,
  createThriftService,
  type Database,
  type OnewayQueueOptions,
  type ServerApp,
  type ServerAppOptions,
  type ThriftSettings,
} from "@starter/shared";
import { DataService } from "./gen/data";
import { createDataHandler } from "./handler";
import { createPgDataStore } from "./pg-store";

export interface DataAppOptions extends Omit<ServerAppOptions, "services" | "maxBodyBytes"> {
  /** Where the service is mounted and what one call may take (config `thrift.*`). */
  thrift: ThriftSettings;
  /** Where entries, counters and the durable oneway calls live, migrated. */
  db: Database;
  /** How this replica runs the kept oneway calls (config `oneway.*`). */
  oneway: Omit<OnewayQueueOptions, "logger">;
}

export function createApp({ thrift, db, oneway, ...options }: DataAppOptions): ServerApp {
  const data = createThriftService(DataService, createDataHandler(createPgDataStore(db)), {
    maxTimeoutMs: thrift.maxTimeoutMs,
    // incrementLater is durable: kept in the database before it is answered, run by the
    // consumers of any replica, which log its failures and retry it.
    onewayStore: createOnewayQueue(db, { ...oneway, logger: options.logger }),
  });
  return createServerApp({ ...options, maxBodyBytes: thrift.maxBodyBytes, services: { [thrift.path]: data } });
}
