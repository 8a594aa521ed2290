// The conformance app served on 127.0.0.1, port 0, for the tests: the same app and the
// same `serve` as `make conformance-server`, without signal handlers.
import { createLogger, serve, type ServerApp } from "@starter/shared/server";
import { createConformanceApp } from "../app";

export interface StartedServer {
  readonly app: ServerApp;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Shuts down as on Ctrl-C (oneway work included); resolves with the exit code. */
  close(): Promise<number>;
}

export async function startConformanceServer(): Promise<StartedServer> {
  const logger = createLogger({ level: "silent", name: "conformance" });
  const app = createConformanceApp({ logger });
  const running = await serve(app, {
    host: "127.0.0.1",
    port: 0,
    keepAliveTimeoutMs: 5_000,
    shutdownGraceMs: 10_000,
    logger,
    signals: [],
  });
  const port = Number(new URL(running.url).port);
  return { app, url: running.url, port, close: () => running.shutdown("test over") };
}
