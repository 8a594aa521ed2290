// What may reach a log line: credentials scrubbed, messages and stacks cut to size, and
// errors of any shape made safe to serialize.
import fc from "fast-check";
import { captureLogs } from "./__fixtures__/log-lines";
import { maxMessageChars, safeError, safeLogFields, safeMessage, scrubCredentials } from "./log-safety";

describe("scrubCredentials", () => {
  test.each([
    ["Authorization: Basic YWRhOnB3", "Authorization: [redacted]"],
    ['{"proxy-authorization":"Bearer t0k3n","x":1}', '{"proxy-authorization":"[redacted]'],
    ["cookie=session=abc; other=1\nnext line", "cookie=[redacted]\nnext line"],
    ["Set-Cookie: id=1", "Set-Cookie: [redacted]"],
    ["sent bearer eyJhbGciOi.x-y_z~ to the API", "sent bearer [redacted] to the API"],
    ["header Basic dXNlcjpwYXNzd29yZA== refused", "header Basic [redacted] refused"],
    ["connect postgres://admin:pw@db:5432/x failed", "connect postgres://admin:[redacted]@db:5432/x failed"],
    // Unencoded, these make the URL invalid, and the invalid URL is what an error quotes.
    ["Invalid URL postgres://app:p@ss/w#r?d @x@db:5432/app", "Invalid URL postgres://app:[redacted]@db:5432/app"],
    ["host=db user=app password=s3cr3t dbname=app", "host=db user=app password=[redacted] dbname=app"],
    ['{"password": "a\\"b c", "x": 1}', '{"password": [redacted], "x": 1}'],
    ["PGPASSWORD='it\\'s' psql", "PGPASSWORD=[redacted] psql"],
    ['password authentication failed for user "app"', 'password authentication failed for user "app"'],
    ["nothing secret here: 42", "nothing secret here: 42"],
  ])("When the text is %j Then it becomes %j", (text, expected) => {
    expect(scrubCredentials(text)).toBe(expected);
  });
});

describe("safeMessage", () => {
  test("When a message is short and clean Then it is the same string", () => {
    const message = "call";
    expect(safeMessage(message)).toBe(message);
  });

  test("When a message is long Then it is cut, saying how much was left out", () => {
    expect(safeMessage("m".repeat(100_000))).toBe(
      `${"m".repeat(maxMessageChars)}… [${100_000 - maxMessageChars} more characters]`,
    );
  });
});

describe("safeLogFields", () => {
  test("When every field is short and primitive Then the object itself is written, not a copy", () => {
    const fields = {
      requestId: "r-1",
      identity: undefined,
      status: 200,
      durationMs: 1.5,
      service: "Echo",
      method: "echo",
      outcome: "ok",
    };
    expect(safeLogFields(fields)).toBe(fields);
  });

  test("When fields hold objects, bytes and long strings Then each is made safe, and err is left to its serializer", () => {
    const err = new Error("kept for safeError");
    const fields = {
      path: "/".repeat(1000),
      headers: { authorization: "Basic x", cookie: "c", host: "h" },
      body: Buffer.from("raw request bytes"),
      socket: new (class Socket {})(),
      err,
    };
    expect(safeLogFields(fields)).toEqual({
      path: `${"/".repeat(200)}… [800 more characters]`,
      headers: { authorization: "[redacted]", cookie: "[redacted]", host: "h" },
      body: "[Buffer: 17 bytes]",
      socket: "[Socket]",
      err,
    });
  });
});

describe("safeError", () => {
  test("When an error has a code, a cause and properties Then they are kept, secrets and bytes excepted", () => {
    const cause = Object.assign(new TypeError("bad input"), {
      stack: "TypeError: bad input\n    at read (input.js:1:1)",
    });
    const error = Object.assign(new Error("write failed", { cause }), {
      stack: "Error: write failed\n    at write (output.js:2:2)",
      code: "EPIPE",
      status: 502,
      password: "hunter2",
      rawPacket: Buffer.alloc(60_000),
      nested: { list: [1, 2, 3], token: "t", when: new Date(0) },
    });
    expect(safeError(error)).toEqual({
      type: "Error",
      message: "write failed",
      stack: "Error: write failed\n    at write (output.js:2:2)",
      code: "EPIPE",
      status: 502,
      password: "[redacted]",
      rawPacket: "[Buffer: 60000 bytes]",
      nested: { list: [1, 2, 3], token: "[redacted]", when: "1970-01-01T00:00:00.000Z" },
      cause: { type: "TypeError", message: "bad input", stack: "TypeError: bad input\n    at read (input.js:1:1)" },
    });
  });

  test("When what was thrown is not an error Then it is logged as a value", () => {
    expect(safeError("Bearer abcdef12")).toEqual({ value: "Bearer [redacted]" });
    expect(safeError(undefined)).toEqual({ value: undefined });
  });

  test("When an error's cause is itself Then the cycle ends at the depth limit", () => {
    const error: Error & { cause?: unknown } = new Error("loop");
    error.cause = error;
    expect(JSON.stringify(safeError(error)).length).toBeLessThan(4096);
  });

  test("When a property's getter throws Then the error is still logged", () => {
    const error = new Error("odd");
    Object.defineProperty(error, "detail", {
      enumerable: true,
      get: () => {
        throw new Error("no");
      },
    });
    expect(safeError(error)).toMatchObject({ message: "odd", detail: "[unreadable]" });
  });

  // Anything a handler or a library could throw: messages and properties quoting the
  // credentials in every form a log could show them, bytes, nesting, causes, aggregates.
  const secret = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `S3cr3t${s}`);
  const quoting = (value: string) =>
    fc.constantFrom(
      `Authorization: Basic ${Buffer.from(`u:${value}`).toString("base64")}`,
      `authorization=Bearer ${value}`,
      `"cookie":"sid=${value}"`,
      `Proxy-Authorization: Bearer ${value}`,
      `bearer ${value}`,
      `https://user:${value}@host/path`,
    );
  // Any characters, and the costliest in JSON: control characters, quotes, lone surrogates.
  const noise = fc.oneof(
    fc.string({ maxLength: 3000, unit: "binary" }),
    fc.string({ maxLength: 3000, unit: fc.constantFrom("\u0001", '"', "\\", "\ud800", "\udfff", "😀", "\u2028") }),
  );
  const text = (value: string) => fc.tuple(noise, quoting(value), noise).map(([a, b, c]) => `${a} ${b}\n${c}`);
  const leaf = (value: string): fc.Arbitrary<unknown> =>
    fc.oneof(
      text(value),
      fc.integer(),
      fc.constant(Buffer.from(`Authorization: Bearer ${value}`)),
      fc.constant({ headers: { authorization: `Bearer ${value}`, cookie: value, "proxy-authorization": value } }),
      fc.constant({ password: value, token: value, secret: value, apiKey: value }),
    );
  const thrown = (value: string) =>
    fc.letrec<{ error: unknown }>((tie) => ({
      error: fc.oneof(
        { depthSize: "small" },
        text(value),
        fc
          .record({
            message: text(value),
            props: fc.dictionary(fc.string({ maxLength: 20 }), leaf(value), { maxKeys: 30 }),
            cause: fc.option(tie("error"), { nil: undefined }),
            errors: fc.option(fc.array(tie("error"), { maxLength: 5 }), { nil: undefined }),
          })
          .map(({ message, props, cause, errors }) => {
            const error = errors ? new AggregateError(errors, message) : new Error(message, { cause });
            return Object.assign(error, props);
          }),
      ),
    })).error;

  test("When anything is thrown Then what is logged holds no secret and stays under 4 KiB", () => {
    fc.assert(
      fc.property(
        secret.chain((value) => fc.tuple(fc.constant(value), thrown(value))),
        ([value, error]) => {
          const { logger, text: lines } = captureLogs("error");
          logger.error({ err: error }, "call failed");
          logger.error(error instanceof Error ? error : { err: error });
          for (const line of lines) {
            expect(line).not.toContain(value);
            expect(Buffer.byteLength(line)).toBeLessThan(4096);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
