// The database layer's failures, as a service logs them: a database URL carries its
// password, and no log line, nor the text a failed start prints, may show it, whatever
// the password holds (characters that break the URL included: the invalid URL is what
// Node's error quotes). The filter is shared/src/server/log-safety.ts.
import { createServer, type Server } from "node:net";
import fc from "fast-check";
import { Calc } from "../core/__fixtures__/calc";
import { createCalcHandler } from "../core/__fixtures__/calc-handler";
import { encodeCall } from "../core/message";
import { createThriftService } from "../core/service";
import { captureLogs } from "../server/__fixtures__/log-lines";
import { createServerApp } from "../server/app";
import { exitOnStartupError } from "../server/lifecycle";
import { serveForTest } from "../server/__fixtures__/serve";
import type { DatabaseOptions } from "./config";
import { createDatabase } from "./database";
import { DatabaseUnavailable } from "./errors";
import { connectionOf, openDatabase } from "./open";

const password = "S3cr3t-db-pw-1815";

const settings: DatabaseOptions = {
  url: "",
  password: "",
  tls: "off",
  caFile: "",
  embeddedDir: "memory://",
  schema: "app",
  poolMax: 2,
  connectTimeoutMs: 1000,
  retryIntervalMs: 50,
  startupTimeoutMs: 0,
};

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A server that takes each connection and drops it at once: node-postgres's "Connection terminated unexpectedly". */
async function droppingServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** What `exitOnStartupError` prints for `error` (the process is not left). */
function startupErrorText(error: unknown): string {
  let text = "";
  const write = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    text += String(chunk);
    return true;
  });
  const exit = jest.spyOn(process, "exit").mockImplementation((() => undefined) as never);
  try {
    exitOnStartupError(error);
  } finally {
    write.mockRestore();
    exit.mockRestore();
  }
  return text;
}

/**
 * No part of the password in any line: not whole, not its start (every password here
 * starts with `S3cr3t`, which no encoding changes), not a run of three or more of the
 * letters the random passwords are made of, which nothing else logs.
 */
function expectNoPassword(lines: string[], secret = password): void {
  expect(lines.length).toBeGreaterThan(0);
  const pieces = [secret, "S3cr3t", ...(secret.slice(6).match(/[QJZqjxKW]{3,}/g) ?? [])];
  for (const line of lines) for (const piece of pieces) expect(line).not.toContain(piece);
}

/**
 * The password of `url` as a URL parser reads it (a valid URL may end it early, at an `@`
 * it takes for the host's), or all of `secret` when the URL is invalid.
 */
function passwordIn(url: string, secret: string): string {
  let password;
  try {
    password = new URL(url).password;
  } catch {
    return secret;
  }
  try {
    return decodeURIComponent(password);
  } catch {
    return password;
  }
}

describe("a database URL's password, when the database fails", () => {
  test("When the database cannot be reached at start Then the lines while waiting, the failed start's log line and its printed error hold no password", async () => {
    const { logger, text } = captureLogs("debug");
    for (const url of [
      `postgres://app:${password}@127.0.0.1:${await closedPort()}/app`,
      `postgres://app@127.0.0.1:${await closedPort()}/app`,
    ]) {
      // Long enough to retry however slow the first attempt: the lines while waiting are logged.
      const error = await openDatabase({ ...settings, url, password, startupTimeoutMs: 1000 }, { logger }).catch(
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(DatabaseUnavailable);
      logger.fatal({ err: error }, "start failed");
      expect(text.some((line) => line.includes('"msg":"waiting for the database"'))).toBe(true);
      expectNoPassword([...text, startupErrorText(error)]);
    }
  });

  test("When the server drops every connection Then the failure and the outage's lines hold no password", async () => {
    const { server, port } = await droppingServer();
    const { logger, text } = captureLogs("debug");
    const db = createDatabase(
      await connectionOf({ ...settings, url: `postgres://app:${password}@127.0.0.1:${port}/app` }),
      logger,
    );
    try {
      const error = await db.query("SELECT 1").catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(DatabaseUnavailable);
      logger.error({ err: error }, "query failed");
      expectNoPassword([...text, startupErrorText(error)]);
    } finally {
      await db.close();
      server.close();
    }
  });

  test("When a call needs the database and it is down Then the 503 and its call line hold no password", async () => {
    const { logger, text } = captureLogs("debug");
    const db = createDatabase(
      await connectionOf({ ...settings, url: `postgres://app:${password}@127.0.0.1:${await closedPort()}/app` }),
      logger,
    );
    const handler = {
      ...createCalcHandler(),
      add: async () => Number((await db.query<{ n: number }>("SELECT 1 AS n")).rows[0]!.n),
    };
    const app = createServerApp({
      services: { "/calc": createThriftService(Calc, handler) },
      logger,
      auth: { basicUsers: new Map(), bearerTokens: new Map([["ada", "t0ken"]]), realm: "calc" },
      maxBodyBytes: 64 * 1024,
    });
    const running = await serveForTest(app, logger);
    try {
      const response = await fetch(`${running.url}/calc`, {
        method: "POST",
        headers: { "content-type": "application/x-thrift", authorization: "Bearer t0ken" },
        body: encodeCall(Calc.methods.add, [1, 2], 1, "binary"),
      });
      expect({
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        body: await response.json(),
      }).toEqual({
        status: 503,
        retryAfter: "1",
        body: {
          code: "unavailable",
          message: "add cannot be served now: a resource it needs is unavailable; retry later",
        },
      });
    } finally {
      await running.shutdown("test over");
      await db.close();
    }
    const lines = text.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: "call unavailable",
        method: "add",
        outcome: "error",
        reason: expect.stringMatching(/^DatabaseUnavailable: The database is unavailable \(ECONNREFUSED/),
      }),
    );
    expectNoPassword(text);
  });

  // Any password, with every character that breaks a URL when left unencoded (the URL is
  // then invalid, and Node's error keeps it as `input`). Not line breaks: URL parsing drops them.
  const special = fc.constantFrom(..."@/#?:%[] '\"\\;&=,\t");
  const anyPassword = fc
    .array(fc.oneof(special, fc.stringMatching(/^[QJZqjxKW]{3,5}$/)), { minLength: 1, maxLength: 8 })
    .map((pieces) => `S3cr3t${pieces.join("")}`);

  test("When the URL's password holds any characters Then opening the database fails without showing it, in the log or on a failed start", async () => {
    const port = await closedPort();
    await fc.assert(
      fc.asyncProperty(anyPassword, async (secret) => {
        const { logger, text } = captureLogs("debug");
        const url = `postgres://app:${secret}@127.0.0.1:${port}/app`;
        const error = await openDatabase({ ...settings, url }, { logger }).catch((failure: unknown) => failure);
        expect(Object.prototype.toString.call(error)).toBe("[object Error]");
        logger.fatal({ err: error }, "start failed");
        expectNoPassword([...text, startupErrorText(error)], passwordIn(url, secret));
      }),
      { numRuns: 60 },
    );
  });
});
