// The echo service over real HTTP, as a caller sees it: the generated client against
// the app served on a free port, with the service's own test configuration.
import { join } from "node:path";
import { createClient, HttpStatusError, type ClientAuth } from "@starter/shared/client";
import {
  createLogger,
  loadConfigFiles,
  loadServerConfig,
  serve,
  type CallOptions,
  type RunningServer,
  type ServerApp,
} from "@starter/shared/server";
import { createApp } from "./app";
import { Echo } from "./gen/echo";

const settings = loadServerConfig(loadConfigFiles(join(__dirname, "../config"), "test"));
const lines: Record<string, unknown>[] = [];
const logger = createLogger({
  level: "info",
  name: "echo",
  destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
});

let app: ServerApp;
let running: RunningServer;
beforeEach(async () => {
  app = createApp(settings, logger);
  running = await serve(app, { ...settings, logger, signals: [] });
  lines.length = 0;
});
afterEach(() => running.shutdown("test over"));

async function echo(msg: string, auth?: ClientAuth, options?: CallOptions) {
  const client = createClient(Echo, { url: `${running.url}/echo`, auth });
  try {
    return await client.echo({ msg }, options);
  } finally {
    await client.close();
  }
}

const basic: ClientAuth = { basic: { username: "test-user", password: "test-password" } };
const bearer: ClientAuth = { bearer: "test-token" };

describe("the echo service", () => {
  test("when called with Basic credentials, then it echoes the message", async () => {
    await expect(echo("hello", basic)).resolves.toEqual({ msg: "hello" });
  });

  test("when called with a Bearer token, then it echoes the message", async () => {
    await expect(echo("hello", bearer)).resolves.toEqual({ msg: "hello" });
  });

  test.each([
    ["no credentials", undefined, "credentials required"],
    ["a wrong password", { basic: { username: "test-user", password: "nope" } }, "invalid credentials"],
    ["a wrong token", { bearer: "nope" }, "invalid credentials"],
  ])("when called with %s, then the call fails with 401", async (_case, auth, message) => {
    const failure = await echo("hello", auth as ClientAuth | undefined).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpStatusError);
    expect(failure).toMatchObject({
      status: 401,
      serverCode: "unauthenticated",
      message: expect.stringContaining(message),
    });
  });

  test("a refused caller is told how to authenticate, in JSON", async () => {
    const response = await fetch(`${running.url}/echo`, { method: "POST" });
    expect({
      status: response.status,
      challenge: response.headers.get("www-authenticate"),
      body: await response.json(),
    }).toEqual({
      status: 401,
      challenge: 'Basic realm="echo", charset="UTF-8", Bearer realm="echo"',
      body: { code: "unauthenticated", message: "credentials required" },
    });
  });

  test("each call is logged once with its request id and counted", async () => {
    // A handler calling on passes its context: the request id travels with the call.
    const context = (requestId: string) => ({
      requestId,
      deadline: Date.now() + 1000,
      signal: new AbortController().signal,
      identity: undefined,
      headers: {},
    });
    await echo("one", basic, { context: context("req-1") });
    await echo("two", bearer, { context: context("req-2") });
    const call = { msg: "call", name: "echo", service: "Echo", method: "echo", outcome: "ok", status: 200 };
    expect(lines).toEqual([
      expect.objectContaining({ ...call, identity: "test-user", requestId: "req-1" }),
      expect.objectContaining({ ...call, identity: "test-client", requestId: "req-2" }),
    ]);
    const metric = await app.metrics.registry.getSingleMetricAsString("thrift_calls_total");
    expect(metric).toContain('thrift_calls_total{service="Echo",method="echo",outcome="ok"} 2');
  });

  test("is ready once listening, and answers its probes without credentials", async () => {
    const probes = await Promise.all(
      ["/healthz", "/readyz"].map(async (path) => {
        const response = await fetch(running.url + path);
        return [response.status, await response.json()];
      }),
    );
    expect(probes).toEqual([
      [200, { status: "ok" }],
      [200, { status: "ready" }],
    ]);
  });
});
