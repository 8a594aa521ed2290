// Starts and stops a service the way an orchestrator expects. Start: listen, then
// report ready. Stop (SIGTERM, SIGINT): report not ready, keep answering for a short
// delay with every reply closing its connection, stop accepting connections, let every
// request in flight get its answer and queued oneway work run, close the keep-alive
// connections, then exit 0, or 1 if the grace period ran out first. An uncaught error
// is one fatal log line, then exit 1.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { AddressInfo } from "node:net";
import type { ServerApp } from "./app";
import { ConfigError } from "./config";
import { createHttpServer, type HttpServerOptions } from "./http-server";
import { refusedHead } from "./node-refusals";
import { InFlight } from "./in-flight";
import { scrubCredentials } from "./log-safety";

/** Where to listen, the connection limits (see http-server.ts), and how to stop. */
export interface ServeOptions extends HttpServerOptions {
  /** Interface to listen on. */
  host: string;
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  /** How long a shutdown may take before the work still running is cut. */
  shutdownGraceMs: number;
  /**
   * How long to keep accepting after the signal, answering every request with
   * `Connection: close`, before the listener closes (part of the grace period).
   * Requests a gateway already wrote on its pooled connections, still unread in the
   * socket buffers, are answered instead of reset; once the listener is closed, new
   * connections are refused, which nginx retries on another replica even for a POST.
   * 0 (the default) closes at once.
   */
  shutdownDelayMs?: number;
  /** Signals that start a shutdown and then exit; SIGTERM and SIGINT by default, none in tests. */
  signals?: readonly NodeJS.Signals[];
  /** Ends the process once a signal's shutdown is over; `process.exit` by default. */
  exit?: (code: number) => void;
  /**
   * Whether an uncaught exception or unhandled rejection is logged as one `fatal` line
   * (through the logger, so without credentials or raw bytes, like every line) before the
   * process exits with code 1, instead of Node printing the whole error to standard
   * error. By default true unless `signals` is given: tests, which share their process,
   * pass `signals: []`.
   */
  exitOnUncaughtError?: boolean;
  /** Releases what the handlers used (a database), once calls and oneway work are over. Default none. */
  onClose?: () => void | Promise<void>;
}

export interface RunningServer {
  readonly server: Server;
  /** The bound address, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /**
   * Drains and closes the server (once; later calls share the first one's result).
   * Resolves with the exit code: 0 if everything finished within the grace period.
   */
  shutdown(reason: string): Promise<number>;
}

/**
 * Connections the kernel may hold, handshake done, until the server accepts them: the
 * most Linux allows by default (net.core.somaxconn, 4096 since 5.4). Node's own 511
 * overflowed when the gateway opened a burst of connections to a busy replica: SYNs
 * were dropped, nginx's 1 s connect timeout counted each as a replica failure, and three
 * took both replicas out for 10 s, a 502 to every call. Queued, they only wait.
 */
const listenBacklog = 4096;

export async function serve(app: ServerApp, options: ServeOptions): Promise<RunningServer> {
  const { logger, shutdownGraceMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  function onUncaughtError(error: unknown, origin: string): void {
    logger.fatal({ err: error, origin }, "uncaught error: exiting");
    exit(1);
  }
  const server = createHttpServer(options);

  const inFlight = new InFlight();
  let draining = false;
  let whenIdle: (() => void) | undefined;
  // One shared function, not a closure per request: this runs for every call.
  function untrack(this: ServerResponse): void {
    inFlight.delete(this);
    if (inFlight.size === 0) whenIdle?.();
  }
  const handle = app.koa.callback();
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    if (refusedHead(request, response)) return;
    inFlight.add(response);
    // While draining, every reply asks the client to close its connection after it.
    if (draining) response.setHeader("Connection", "close");
    response.on("close", untrack);
    void handle(request, response);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port, host: options.host, backlog: listenBacklog }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { address, port, family } = server.address() as AddressInfo;
  const url = `http://${family === "IPv6" ? `[${address}]` : address}:${port}`;
  app.health.markReady();
  logger.info({ url }, "listening");

  async function drainAndClose(reason: string): Promise<number> {
    logger.info({ reason, inFlight: inFlight.size }, "shutting down");
    app.health.markDraining();
    draining = true;
    for (const response of inFlight) {
      if (!response.headersSent) response.setHeader("Connection", "close");
    }
    let stage = "delay";
    const work = (async () => {
      if (options.shutdownDelayMs) await delay(options.shutdownDelayMs);
      // Stops accepting and closes idle connections; resolves once every connection is gone.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      stage = "requests in flight";
      if (inFlight.size > 0) await new Promise<void>((resolve) => (whenIdle = resolve));
      stage = "oneway work";
      await app.drain();
      stage = "connections";
      // Nothing is in flight: a connection left is idle, or has not sent a whole request
      // head (a TCP health check, a client's preconnect, a slow sender). Node closes only the
      // idle ones; the others would hold the exit until the grace period ran out.
      server.closeAllConnections();
      await closed;
    })();

    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<"cut">((resolve) => (timer = setTimeout(resolve, shutdownGraceMs, "cut")));
    let code = 0;
    try {
      if ((await Promise.race([work, graceOver])) === "cut") {
        code = 1;
        const cut = [...inFlight].map(({ req }) => `${req.method} ${req.url}`);
        // Oneway calls already answered, whose work is lost: a count, as their callers are gone.
        const onewayCut = app.onewayPending();
        logger.error(
          { stage, cut, onewayCut },
          `shutdown took longer than ${shutdownGraceMs} ms: cutting what is left`,
        );
        server.closeAllConnections();
      }
    } catch (error) {
      code = 1;
      logger.error({ err: error, stage }, "shutdown failed");
    } finally {
      clearTimeout(timer);
    }
    try {
      await options.onClose?.();
    } catch (error) {
      code = 1;
      logger.error({ err: error }, "releasing resources failed");
    }
    logger.info({ code }, "stopped");
    process.off("uncaughtException", onUncaughtError);
    return code;
  }

  let shutdown: Promise<number> | undefined;
  const running: RunningServer = {
    server,
    url,
    shutdown: (reason) => (shutdown ??= drainAndClose(reason)),
  };
  if (options.exitOnUncaughtError ?? options.signals === undefined) {
    // Node passes unhandled rejections here too, `origin` telling which it was.
    process.on("uncaughtException", onUncaughtError);
  }
  for (const signal of options.signals ?? ["SIGTERM", "SIGINT"]) {
    // `once`: a second Ctrl-C falls through to Node's default and ends the process at once.
    process.once(signal, () => void running.shutdown(signal).then(exit));
  }
  return running;
}

/**
 * Ends a process whose start failed, with exit code 1: a configuration error is
 * printed as its plain message (it names the setting to fix), anything else with its stack;
 * either without the credentials it may quote (a database URL's password).
 */
export function exitOnStartupError(error: unknown): never {
  const text = error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(`${scrubCredentials(String(text))}\n`);
  process.exit(1);
}
