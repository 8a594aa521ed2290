// The data service as a Koa app (see services/echo/src/app.ts for the pattern). The
// store is passed in: main.ts opens the configured database, tests an in-memory one.
import { createServiceApp, type ServerApp, type ServerAppOptions, type ThriftSettings } from "@starter/shared/server";
import { DataService } from "./gen/data";
import { createDataHandler } from "./handler";
import type { DataStore } from "./store";

export interface DataAppOptions extends Omit<ServerAppOptions, "services" | "maxBodyBytes"> {
  /** Where the service is mounted and what one call may take (config `thrift.*`). */
  thrift: ThriftSettings;
  /** Where entries and counters live. */
  store: DataStore;
}

export function createApp({ thrift, auth, metricsRequireAuth = false, store, ...options }: DataAppOptions): ServerApp {
  // incrementLater is oneway: createServerApp sends its failures, which have no caller to
  // go to, to the log.
  const config = { thrift, auth, metricsRequireAuth };
  return createServiceApp({ ...options, definition: DataService, handler: createDataHandler(store), config });
}
