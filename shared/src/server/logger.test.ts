import { captureLogs } from "./__fixtures__/log-lines";
import { createLogger } from "./logger";

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

  test("redacts the authorization header wherever it is logged", () => {
    const { logger, lines } = captureLogs();
    logger.info({ authorization: "Basic x", headers: { authorization: "Bearer y" }, req: { headers: { authorization: "z" } } });
    expect(lines[0]).toMatchObject({
      authorization: "[redacted]",
      headers: { authorization: "[redacted]" },
      req: { headers: { authorization: "[redacted]" } },
    });
  });

  test("refuses an unknown level", () => {
    expect(() => createLogger({ level: "verbose" as "info", name: "x" })).toThrow(
      'createLogger: unknown level "verbose"; use one of silent, fatal, error, warn, info, debug, trace',
    );
  });
});
