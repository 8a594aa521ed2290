// The conformance server as a Koa app: Apache's ThriftTest and SecondService, multiplexed
// at one path as Apache's test servers serve them (`ThriftTest:testString`,
// `SecondService:secondtestString`, and plain names for ThriftTest), in every protocol,
// with no credentials. It never listens: main.ts serves it, the tests on port 0.
import {
  createMultiplexedService,
  createServerApp,
  createThriftService,
  logOnewayError,
  type Logger,
  type ServerApp,
} from "@starter/shared/server";
import { createThriftMiddleware } from "@starter/shared/koa";
import { SecondService, ThriftTest } from "./gen/ThriftTest";
import { secondServiceHandler, thriftTestHandler } from "./handler";

/** Where the service is mounted. */
export const conformancePath = "/ThriftTest";

/**
 * Where Apache's Node test client posts (lib/nodejs/test/client.js: `/test`). One mount
 * table refuses it beside Java's `/test/service` (`/test/<method>` would claim that path),
 * so it has a table of its own, after the app's: it sees only what that one passed on.
 */
const nodeClientPath = "/test";

/**
 * The same service at the paths Apache's test clients post to, which they do not let
 * one change: `/` (Go), `/service` (C++), `/test` (Node), `/test/service` (Java).
 * Python's takes `--http=/ThriftTest`.
 */
export const apacheClientPaths = ["/", "/service", nodeClientPath, "/test/service"] as const;

export interface ConformanceAppOptions {
  /** The server's logger: the access log and the failures of oneway handlers. */
  logger: Logger;
}

export function createConformanceApp({ logger }: ConformanceAppOptions): ServerApp {
  const onOnewayError = logOnewayError(logger);
  // testOneway(n) only waits n seconds, each on a thread of its own in Apache's servers: on
  // a timer here, all at once, so that a stop waits for the longest alone, not for a queue
  // of them 16 at a time (a client's every loop calls it).
  const onewayConcurrency = 1000;
  // And none longer than 3 s (its signal ends the sleep): a stop waits for oneway work, up
  // to its grace period (10 s), and a caller's testOneway(60) would outlast it, making the
  // stop fail (exit 1) where it must exit 0.
  const maxTimeoutMs = 3_000;
  const both = createMultiplexedService(
    {
      ThriftTest: createThriftService(ThriftTest, thriftTestHandler, {
        onOnewayError,
        onewayConcurrency,
        maxTimeoutMs,
      }),
      SecondService: createThriftService(SecondService, secondServiceHandler, { onOnewayError }),
    },
    { defaultService: "ThriftTest" },
  );
  const paths = [conformancePath, ...apacheClientPaths].filter((path) => path !== nodeClientPath);
  const services = Object.fromEntries(paths.map((path) => [path, both]));
  // A test service on 127.0.0.1 that anyone may call: Apache's clients send no credentials.
  const app = createServerApp({ services, logger, auth: false });
  app.koa.use(createThriftMiddleware({ [nodeClientPath]: both }));
  return app;
}
