// The conformance server process (`make conformance-server PORT=9090`): the app of app.ts
// served on 127.0.0.1, for Apache's cross-language test clients to be pointed at. It
// prints where it listens; SIGINT (Ctrl-C) or SIGTERM stops it gracefully.
//
//   PORT       TCP port, 0 for any free one (default 9090, Apache's test port)
//   LOG_LEVEL  info by default; debug logs every call
import {
  ConfigError,
  createConfigReader,
  createLogger,
  exitOnStartupError,
  logLevels,
  serve,
  type LogLevel,
} from "@starter/shared/server";
import { apacheClientPaths, conformancePath, createConformanceApp } from "./app";

async function main(): Promise<void> {
  const read = createConfigReader({ PORT: process.env.PORT || "9090" });
  const port = read.integer("PORT", 0, 65535);
  const level = (process.env.LOG_LEVEL || "info") as LogLevel;
  if (!logLevels.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(", ")}`);
  const logger = createLogger({ level, name: "conformance" });
  const running = await serve(createConformanceApp({ logger }), {
    host: "127.0.0.1",
    port,
    shutdownGraceMs: 10_000,
    logger,
  });
  const also = apacheClientPaths.map((path) => running.url + path).join(", ");
  process.stdout.write(
    `ThriftTest and SecondService at ${running.url}${conformancePath} (also ${also}): ` +
      "binary, compact and JSON, plain or multiplexed. Ctrl-C stops it.\n",
  );
}

main().catch(exitOnStartupError);
