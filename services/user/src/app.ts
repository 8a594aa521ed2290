// The user service as a Koa app (see services/echo/src/app.ts for the pattern). The
// repository is passed in: main.ts puts the cache in front of the configured
// database, tests pass what they need.
import { createServiceApp, type ServerApp, type ServerAppOptions, type ThriftSettings } from "@starter/shared/server";
import { UserService } from "./gen/user";
import { createUserHandler } from "./handler";
import type { UserRepository } from "./repository";

export interface UserAppOptions extends Omit<ServerAppOptions, "services" | "maxBodyBytes"> {
  /** Where the service is mounted and what one call may take (config `thrift.*`). */
  thrift: ThriftSettings;
  /** Where users live. */
  users: UserRepository;
  /** The clock of the `createdAt`/`updatedAt` stamps, in ms since the epoch; `Date.now` by default. */
  now?: () => number;
}

export function createApp({ thrift, auth, metricsRequireAuth = false, users, now, ...options }: UserAppOptions): ServerApp {
  const config = { thrift, auth, metricsRequireAuth };
  return createServiceApp({ ...options, definition: UserService, handler: createUserHandler(users, now), config });
}
