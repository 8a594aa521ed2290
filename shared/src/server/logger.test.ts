// createLogger: one JSON object per line, timestamped, with credential headers redacted.
import { captureLogs } from "./__fixtures__/log-lines";
import { setImmediate as nextTurn } from "node:timers/promises";
import { createLogger, writePerTurn } from "./logger";

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

describe("writePerTurn", () => {
  test("When lines are written in one turn Then they reach the sink in one write, after the turn", async () => {
    const writes: string[] = [];
    const destination = writePerTurn({ write: (text: string) => writes.push(text) });
    destination.write("one\n");
    destination.write("two\n");
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(["one\ntwo\n"]);
  });

  test("When lines are written in two turns Then each turn is one write", async () => {
    const writes: string[] = [];
    const destination = writePerTurn({ write: (text: string) => writes.push(text) });
    destination.write("one\n");
    await nextTurn();
    destination.write("two\n");
    await nextTurn();
    expect(writes).toEqual(["one\n", "two\n"]);
  });

  test("When flushed Then the pending lines are written at once, and only once", async () => {
    const writes: string[] = [];
    const destination = writePerTurn({ write: (text: string) => writes.push(text) });
    destination.write("one\n");
    const done = jest.fn();
    destination.flush(done);
    expect(writes).toEqual(["one\n"]);
    expect(done).toHaveBeenCalledTimes(1);
    await nextTurn();
    expect(writes).toEqual(["one\n"]);
  });

  test("When a logger writes through it Then its lines arrive whole, in order", async () => {
    const writes: string[] = [];
    const logger = createLogger({
      level: "info",
      name: "test",
      destination: writePerTurn({ write: (text: string) => writes.push(text) }),
    });
    logger.info("first");
    logger.warn("second");
    await nextTurn();
    expect(writes).toHaveLength(1);
    const lines = writes[0]!.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => JSON.parse(line) as { msg: string }).map(({ msg }) => msg)).toEqual(["first", "second"]);
  });
});
