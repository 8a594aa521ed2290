// createLogger: one JSON object per line, timestamped, with credential headers redacted.
import { captureLogs } from "./__fixtures__/log-lines";
import { runWithUnreadOutput } from "./__fixtures__/pipe-child";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import { type BatchOptions, createLogger, logBatchDelayMs, writeBatched } from "./logger";

describe("createLogger", () => {
  test("writes one JSON object per line with time, level, name, host and message", () => {
    const { logger, lines } = captureLogs("info");
    logger.info({ requestId: "r-1" }, "hello");
    logger.debug("below the level");
    expect(lines).toEqual([
      {
        level: 30,
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        name: "test",
        hostname: expect.any(String),
        pid: process.pid,
        requestId: "r-1",
        msg: "hello",
      },
    ]);
  });

  test("stamps each line with the current time in ISO 8601, to the millisecond", () => {
    const { logger, lines } = captureLogs("info");
    const before = Date.now();
    logger.info("one");
    logger.info("two");
    const after = Date.now();
    for (const line of lines) {
      const time = (line as { time: string }).time;
      expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(time)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(time)).toBeLessThanOrEqual(after);
    }
  });

  test("redacts the credential headers wherever they are logged", () => {
    const { logger, lines } = captureLogs();
    logger.info({
      authorization: "Basic x",
      cookie: "c",
      headers: { authorization: "Bearer y", "proxy-authorization": "p", host: "h" },
      req: { headers: { authorization: "z", cookie: "c", "set-cookie": "s" } },
    });
    expect(lines[0]).toMatchObject({
      authorization: "[redacted]",
      cookie: "[redacted]",
      headers: { authorization: "[redacted]", "proxy-authorization": "[redacted]", host: "h" },
      req: { headers: { authorization: "[redacted]", cookie: "[redacted]", "set-cookie": "[redacted]" } },
    });
  });

  test("writes an error logged alone, message included, through the safe serializer", () => {
    const { logger, lines } = captureLogs();
    logger.error(Object.assign(new Error("Cookie: sid=abc"), { body: Buffer.from("raw") }));
    expect(lines[0]).toMatchObject({
      msg: "Cookie: [redacted]",
      err: { message: "Cookie: [redacted]", body: "[Buffer: 3 bytes]" },
    });
  });

  test("refuses an unknown level", () => {
    expect(() => createLogger({ level: "verbose" as "info", name: "x" })).toThrow(
      'createLogger: unknown level "verbose"; use one of silent, fatal, error, warn, info, debug, trace',
    );
  });
});

describe("writeBatched", () => {
  const batched = (options?: BatchOptions) => {
    const writes: string[] = [];
    return { writes, destination: writeBatched({ write: (text: string) => writes.push(text) }, options) };
  };
  const info = (n: number) => `{"level":30,"n":${n}}\n`;

  test("When lines are written within the delay Then they reach the sink in one write, after it", async () => {
    const { writes, destination } = batched({ maxDelayMs: 20 });
    destination.write(info(1));
    destination.write(info(2));
    await nextTurn();
    expect(writes).toEqual([]);
    await sleep(40);
    expect(writes).toEqual([info(1) + info(2)]);
  });

  test("When the default batch is used Then a line waits at most logBatchDelayMs", async () => {
    const { writes, destination } = batched();
    destination.write(info(1));
    await sleep(logBatchDelayMs + 30);
    expect(writes).toEqual([info(1)]);
  });

  test("When a line at warn or above comes Then it and the lines before it are written at once, in order", () => {
    const { writes, destination } = batched({ maxDelayMs: 10_000 });
    destination.write(info(1));
    for (const level of [40, 50, 60]) destination.write(`{"level":${level}}\n`);
    expect(writes).toEqual([`${info(1)}{"level":40}\n`, `{"level":50}\n`, `{"level":60}\n`]);
  });

  test("When maxBytes are pending Then they are written at once", () => {
    const { writes, destination } = batched({ maxDelayMs: 10_000, maxBytes: 2 * info(1).length });
    destination.write(info(1));
    expect(writes).toEqual([]);
    destination.write(info(2));
    expect(writes).toEqual([info(1) + info(2)]);
  });

  test("When flushed Then the pending lines are written at once, and only once", async () => {
    const { writes, destination } = batched({ maxDelayMs: 20 });
    destination.write(info(1));
    const done = jest.fn();
    destination.flush(done);
    expect(writes).toEqual([info(1)]);
    expect(done).toHaveBeenCalledTimes(1);
    await sleep(40);
    expect(writes).toEqual([info(1)]);
  });

  test("When a logger writes through it Then its lines arrive whole, in order", async () => {
    const { writes, destination } = batched({ maxDelayMs: 10 });
    const logger = createLogger({ level: "info", name: "test", destination });
    logger.info("first");
    logger.info("second");
    await sleep(30);
    expect(writes).toHaveLength(1);
    const lines = writes[0]!.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => JSON.parse(line) as { msg: string }).map(({ msg }) => msg)).toEqual(["first", "second"]);
  });
});

describe("standard output", () => {
  // The built logger in a process of its own whose standard output is a pipe, as under
  // Docker: 2 MB of lines, far over the pipe's 64 KiB, logged 200 at a time while nobody
  // reads the pipe.
  const built = join(__dirname, "../../dist/server/logger.js");
  const script = `
    const { createLogger } = require(${JSON.stringify(built)});
    const logger = createLogger({ level: "info", name: "pipe" });
    const pad = "x".repeat(350);
    let i = 0;
    const burst = setInterval(() => {
      for (let k = 0; k < 200; k++) logger.info({ i: i++, pad }, "line");
      if (i === 5000) {
        clearInterval(burst);
        process.stderr.write("done\\n");
      }
    }, 5);
  `;

  test("When nobody reads it for a while Then the process goes on, and every line is written once it is read", async () => {
    expect(existsSync(built)).toBe(true);
    const { done, lines } = await runWithUnreadOutput(script);
    expect(done).toBe(true);
    expect(lines.map((line) => (JSON.parse(line) as { i: number }).i)).toEqual(
      Array.from({ length: 5000 }, (_, i) => i),
    );
  }, 30_000);
});
