// Serves a service's app as `serve` does in production (its HTTP server, limits and
// shutdown), on a free port of 127.0.0.1, without signal handlers: tests share a process.
import type { ServerApp } from "../app";
import type { Logger } from "../logger";
import { serve, type RunningServer } from "../lifecycle";

export function serveForTest(app: ServerApp, logger: Logger): Promise<RunningServer> {
  return serve(app, {
    host: "127.0.0.1",
    port: 0,
    keepAliveTimeoutMs: 5000,
    shutdownGraceMs: 1000,
    logger,
    signals: [],
  });
}
