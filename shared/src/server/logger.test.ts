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
