// The call line written as one string is the line pino writes for the same call, byte for
// byte, over the whole space of values: plain ones take the short way, the rest (escapes,
// credentials, long strings) pino's, and a logger not made by createLogger always pino's.
import fc from "fast-check";
import pino from "pino";
import { captureLogs } from "./__fixtures__/log-lines";
import { type CallLine, createCallLineWriter } from "./call-line";

// The time is the only part that may differ between two lines written one after the other.
const untimed = (line: string) => line.replace(/"time":"[^"]*"/, '"time":"T"');

const plainText = fc.stringMatching(/^[\w.:@+-]{1,40}$/);
const anyText = fc.oneof(
  plainText,
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
  fc.string({ unit: "binary", maxLength: 10 }),
  fc.string({ minLength: 190, maxLength: 230 }),
);
const calls = (text: fc.Arbitrary<string>): fc.Arbitrary<CallLine> =>
  fc.record({
    requestId: fc.option(text, { nil: undefined }),
    identity: fc.option(text, { nil: undefined }),
    status: fc.oneof(fc.constantFrom(200, 204, 400, 504), fc.integer()),
    durationMs: fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer({ min: 0, max: 100_000 }).map((n) => n / 10),
    ),
    service: text,
    method: fc.option(text, { nil: undefined }),
    outcome: fc.oneof(fc.constantFrom("ok", "oneway", "exception"), text),
  });

/** An answered call whose values are all plain. */
const answered: CallLine = {
  requestId: "r1",
  identity: "ada",
  status: 200,
  durationMs: 1.5,
  service: "Echo",
  method: "echo",
  outcome: "ok",
};

describe("createCallLineWriter", () => {
  test("When any call is written Then the line is pino's line for logger.info(call, 'call')", () => {
    const { logger, text } = captureLogs("info");
    const write = createCallLineWriter(logger);
    fc.assert(
      fc.property(calls(anyText), (call) => {
        text.length = 0;
        write(call);
        logger.info(call, "call");
        expect(text).toHaveLength(2);
        expect(untimed(text[0]!)).toBe(untimed(text[1]!));
      }),
      { numRuns: 2000 },
    );
  });

  test("When a call's values are plain Then the line is written without pino's info", () => {
    const { logger, text } = captureLogs("info");
    const info = jest.spyOn(logger, "info");
    const write = createCallLineWriter(logger);
    fc.assert(
      fc.property(calls(plainText), (call) => {
        fc.pre(Number.isFinite(call.durationMs) && Number.isFinite(call.status));
        fc.pre(call.requestId !== undefined && call.method !== undefined);
        write(call);
      }),
    );
    expect(info).not.toHaveBeenCalled();
    expect(text.length).toBeGreaterThan(50);
  });

  test("When a value needs escaping Then pino writes the line, escaped", () => {
    const { logger, lines } = captureLogs("info");
    const info = jest.spyOn(logger, "info");
    const write = createCallLineWriter(logger);
    write({ ...answered, identity: "ada lovelace" });
    write({ ...answered, identity: 'a"\nb' });
    expect(lines.map(({ identity }) => identity)).toEqual(["ada lovelace", 'a"\nb']);
    expect(info).toHaveBeenCalledTimes(2);
  });

  test("When info is not logged Then nothing is written", () => {
    const { logger, text } = captureLogs("warn");
    createCallLineWriter(logger)(answered);
    expect(text).toEqual([]);
  });

  test("When the logger is not createLogger's Then its own line shape is kept", () => {
    const text: string[] = [];
    const logger = pino(
      { formatters: { level: (label) => ({ level: label }) }, messageKey: "message" },
      { write: (line: string) => text.push(line) },
    );
    createCallLineWriter(logger)({ ...answered, identity: undefined });
    expect(JSON.parse(text[0]!)).toMatchObject({ level: "info", message: "call", requestId: "r1", durationMs: 1.5 });
  });
});
