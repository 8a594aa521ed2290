// serve: listening with the gateway's keep-alive, and graceful shutdown that answers every
// call in flight and drains oneway work before exiting.
import { once } from "node:events";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import Koa from "koa";
import { captureLogs } from "./__fixtures__/log-lines";
import type { ServerApp } from "./app";
import { createHealth } from "./health";
import { serve, type RunningServer } from "./lifecycle";
import { createMetrics } from "./metrics";
import type { ServerState } from "./state";

// An app whose calls answer, and whose oneway work finishes, when the test says so:
// the test controls what is in flight.
function slowApp() {
  const pending: (() => void)[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  let onewayDone: () => void = () => {};
  const oneway = new Promise<void>((resolve) => (onewayDone = resolve));
  const koa = new Koa<ServerState>();
  const health = createHealth();
  koa.use(health.middleware);
  koa.use(async (ctx) => {
    const n = pending.length;
    const answered = new Promise<void>((resolve) => pending.push(resolve));
    for (const waiter of waiting) if (waiter.count === pending.length) waiter.resolve();
    await answered;
    ctx.body = `answer ${n}`;
  });
  let onewayPending = 1;
  void oneway.then(() => (onewayPending = 0));
  const app: ServerApp = {
    koa,
    health,
    metrics: createMetrics(),
    drain: () => oneway,
    onewayPending: () => onewayPending,
  };
  return {
    app,
    /** Resolves once `count` calls have reached the handler. */
    started: (count: number) => new Promise<void>((resolve) => waiting.push({ count, resolve })),
    answerAll: () => {
      for (const answer of pending) answer();
    },
    finishOneway: () => onewayDone(),
  };
}

const options = { host: "127.0.0.1", port: 0, keepAliveTimeoutMs: 75_000, signals: [] };

// Says "ready", opens argv[2] connections to port argv[1] at once, and after 800 ms says
// how many completed their handshake; then closes them.
const connectorScript = `
const net = require("node:net");
const [port, count] = process.argv.slice(1).map(Number);
process.stdout.write("ready\\n");
const sockets = [];
let connected = 0;
setTimeout(() => {
  for (let i = 0; i < count; i++) {
    const socket = net.connect(port, "127.0.0.1", () => connected++);
    socket.on("error", () => {});
    sockets.push(socket);
  }
  setTimeout(() => {
    process.stdout.write("connected " + connected + " of " + count + "\\n");
    for (const socket of sockets) socket.destroy();
    process.exit(0);
  }, 800);
}, 100);
`;

describe("serve", () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.shutdown("test over");
  });

  test("when listening, then the server is ready and keeps connections alive as the gateway expects", async () => {
    const { app, finishOneway } = slowApp();
    finishOneway();
    const { logger, lines } = captureLogs();
    running = await serve(app, { ...options, shutdownGraceMs: 1000, logger });
    expect(app.health.readiness).toBe("ready");
    expect(running.server.keepAliveTimeout).toBe(75_000);
    expect([running.server.headersTimeout, running.server.maxConnections]).toEqual([10_000, 4096]);
    expect(lines).toEqual([expect.objectContaining({ msg: "listening", url: running.url })]);
  });

  test("when shut down with calls in flight, then every call gets its answer, oneway work drains, and the exit code is 0", async () => {
    const slow = slowApp();
    const { logger, lines } = captureLogs();
    const closed = jest.fn();
    running = await serve(slow.app, { ...options, shutdownGraceMs: 5000, logger, onClose: closed });
    const started = slow.started(3);
    const calls = [1, 2, 3].map(() =>
      fetch(running!.url, { method: "POST" }).then(async (r) => [
        r.status,
        r.headers.get("connection"),
        await r.text(),
      ]),
    );
    await started;

    const shutdown = running.shutdown("SIGTERM");
    expect(slow.app.health.readiness).toBe("draining");
    // New connections are refused while the calls in flight finish.
    await expect(fetch(running.url)).rejects.toThrow();
    slow.answerAll();
    expect((await Promise.all(calls)).sort()).toEqual([
      [200, "close", "answer 0"],
      [200, "close", "answer 1"],
      [200, "close", "answer 2"],
    ]);
    expect(closed).not.toHaveBeenCalled();
    slow.finishOneway();
    expect(await shutdown).toBe(0);
    expect(closed).toHaveBeenCalledTimes(1);
    expect(running.server.listening).toBe(false);
    expect(lines.map((line) => line["msg"])).toEqual(["listening", "shutting down", "stopped"]);
    expect(lines[1]).toMatchObject({ reason: "SIGTERM", inFlight: 3 });
  });

  test("when shut down with a delay, then requests arriving meanwhile, on idle keep-alive connections too, are answered and close their connection", async () => {
    const slow = slowApp();
    slow.finishOneway();
    const { logger } = captureLogs();
    running = await serve(slow.app, { ...options, shutdownGraceMs: 5000, shutdownDelayMs: 300, logger });
    const call = async () => {
      const response = await fetch(running!.url, { method: "POST" });
      return [response.status, response.headers.get("connection"), await response.text()];
    };
    // One answered call leaves an idle keep-alive connection, as a gateway's pool would.
    slow.started(1).then(slow.answerAll);
    expect(await call()).toEqual([200, "keep-alive", "answer 0"]);

    const shutdown = running.shutdown("SIGTERM");
    expect(slow.app.health.readiness).toBe("draining");
    slow.started(2).then(slow.answerAll);
    expect(await call()).toEqual([200, "close", "answer 1"]);
    expect(running.server.listening).toBe(true);
    expect(await shutdown).toBe(0);
    expect(running.server.listening).toBe(false);
  });

  test.each([
    ["has sent nothing", ""],
    ["has sent half a request head", "POST / HTTP/1.1\r\nHost: x\r\n"],
  ])(
    "when a connection %s at shutdown, then it is closed once nothing is in flight, and the exit code is 0",
    async (_what, sent) => {
      const slow = slowApp();
      slow.finishOneway();
      const { logger } = captureLogs();
      running = await serve(slow.app, { ...options, shutdownGraceMs: 5000, logger });
      const { port } = new URL(running.url);
      const socket = connect(Number(port), "127.0.0.1");
      // Closed with a reset when it had sent something: that is its end too.
      socket.on("error", () => {});
      await once(socket, "connect");
      socket.write(sent);
      const closed = new Promise((resolve) => socket.once("close", resolve));
      const started = Date.now();
      expect(await running.shutdown("SIGTERM")).toBe(0);
      await closed;
      expect(Date.now() - started).toBeLessThan(2000);
    },
  );

  test("when a burst of connections arrives while the server is busy, then the kernel queues them all rather than dropping SYNs", async () => {
    const slow = slowApp();
    slow.finishOneway();
    const { logger } = captureLogs();
    running = await serve(slow.app, { ...options, shutdownGraceMs: 1000, logger });
    const { port } = new URL(running.url);
    // Another process connects while this one is too busy to accept: only the listen
    // backlog holds the connections. A dropped SYN is sent again only after 1 s.
    // The kernel caps any backlog at net.core.somaxconn (4096 since Linux 5.4).
    const burst = Math.min(1200, Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8")));
    const connector = spawn(process.execPath, ["-e", connectorScript, port, String(burst)]);
    let output = "";
    connector.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => connector.on("exit", resolve));
    await new Promise<void>((resolve) => connector.stdout.once("data", () => resolve()));
    const busyUntil = Date.now() + 1500;
    while (Date.now() < busyUntil) {
      // Busy, as a replica in a burst: nothing is accepted.
    }
    await exited;
    expect(output.trim().split("\n").at(-1)).toBe(`connected ${burst} of ${burst}`);
  }, 10_000);

  test("when the grace period runs out, then what is left is cut, logged, and the exit code is 1", async () => {
    const slow = slowApp();
    const { logger, lines } = captureLogs();
    running = await serve(slow.app, { ...options, shutdownGraceMs: 50, logger });
    const started = slow.started(1);
    const call = fetch(`${running.url}/stuck?x=1`, { method: "POST" });
    await started;

    expect(await running.shutdown("SIGTERM")).toBe(1);
    await expect(call).rejects.toThrow();
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        msg: "shutdown took longer than 50 ms: cutting what is left",
        stage: "requests in flight",
        cut: ["POST /stuck?x=1"],
        onewayCut: 1,
      }),
    );
  });

  test("when a signal arrives, then the server shuts down and exits with the code", async () => {
    const slow = slowApp();
    slow.finishOneway();
    const { logger } = captureLogs();
    const exited = new Promise<number>((resolve) => {
      void serve(slow.app, { ...options, signals: ["SIGUSR2"], shutdownGraceMs: 1000, logger, exit: resolve }).then(
        (r) => {
          running = r;
          process.emit("SIGUSR2", "SIGUSR2");
        },
      );
    });
    expect(await exited).toBe(0);
    expect(slow.app.health.readiness).toBe("draining");
  });

  test("when an error goes uncaught, then it is one fatal line, as safe as every line, and the process exits with 1", async () => {
    const slow = slowApp();
    slow.finishOneway();
    const { logger, lines, text } = captureLogs();
    const exit = jest.fn();
    running = await serve(slow.app, { ...options, shutdownGraceMs: 1000, logger, exit, exitOnUncaughtError: true });
    const error = Object.assign(new Error("lost Authorization: Basic c2VjcmV0"), { rawPacket: Buffer.alloc(60_000) });
    (process.emit as (event: string, ...args: unknown[]) => boolean)("uncaughtException", error, "unhandledRejection");
    expect(exit.mock.calls).toEqual([[1]]);
    expect(lines.at(-1)).toMatchObject({
      level: 60,
      msg: "uncaught error: exiting",
      origin: "unhandledRejection",
      err: { type: "Error", message: "lost Authorization: [redacted]", rawPacket: "[Buffer: 60000 bytes]" },
    });
    expect(text.join("")).not.toContain("c2VjcmV0");
  });

  test("when the port is taken, then serve rejects", async () => {
    const first = slowApp();
    const { logger } = captureLogs();
    running = await serve(first.app, { ...options, shutdownGraceMs: 1000, logger });
    first.finishOneway();
    const port = Number(new URL(running.url).port);
    await expect(serve(slowApp().app, { ...options, port, shutdownGraceMs: 1000, logger })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});
