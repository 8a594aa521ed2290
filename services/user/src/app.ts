// The user service as a Koa app (see services/echo/src/app.ts for the pattern). The
// repository is passed in: main.ts puts the cache in front of the configured
// database, tests pass what they need.
import { createServiceApp, type Logger, type ServerApp, type ServiceAppConfig } from "@starter/shared/server";
import { UserService } from "./gen/user";
import { createUserHandler } from "./handler";
import type { UserRepository } from "./repository";

/**
 * `users`: where users live. `now`: the clock of the `createdAt`/`updatedAt` stamps, in ms
 * since the epoch; `Date.now` by default.
 */
export function createApp(
  config: ServiceAppConfig,
  logger: Logger,
  users: UserRepository,
  now?: () => number,
): ServerApp {
  return createServiceApp({ definition: UserService, handler: createUserHandler(users, now), config, logger });
}
