// createServerApp end to end: a call answered, logged once and counted, deadlines, and
// what a caller learns of a handler's failure (nothing).
import type { CallContext, CallOptions, ServiceDefinition } from "../core/definition";
import { Calc, type CalcHandler } from "../core/__fixtures__/calc";
import { createCalcHandler } from "../core/__fixtures__/calc-handler";
import { encodeCall } from "../core/message";
import { createThriftService } from "../core/service";
import { ApplicationError, createClient, HttpStatusError, type ThriftClient } from "../client";
import { captureLogs } from "./__fixtures__/log-lines";
import { createServerApp, type ServerAppOptions } from "./app";
import { serve, type RunningServer } from "./lifecycle";

interface CalcClient {
  add(a: number, b: number, options?: CallOptions): Promise<number>;
  divide(a: number, b: number, options?: CallOptions): Promise<number>;
  wait(ms: number, options?: CallOptions): Promise<string>;
}

const auth = {
  basicUsers: new Map([["ada", "lovelace"]]),
  bearerTokens: new Map([["ci", "ci-token"]]),
  realm: "calc",
};
const basic = `Basic ${Buffer.from("ada:lovelace").toString("base64")}`;

let running: RunningServer;
let client: ThriftClient<CalcClient>;
let lines: Record<string, unknown>[];
let app: ReturnType<typeof createServerApp>;

async function start(options: Partial<ServerAppOptions> = {}, handler: CalcHandler = createCalcHandler()) {
  const logs = captureLogs("info");
  lines = logs.lines;
  app = createServerApp({
    services: { "/calc": createThriftService(Calc, handler) },
    logger: logs.logger,
    auth,
    servedBy: "replica-1",
    ...options,
  });
  running = await serve(app, {
    host: "127.0.0.1",
    port: 0,
    keepAliveTimeoutMs: 5000,
    shutdownGraceMs: 1000,
    logger: logs.logger,
    signals: [],
  });
  client = createClient(Calc as ServiceDefinition<CalcHandler, CalcClient>, {
    url: `${running.url}/calc`,
    auth: { bearer: "ci-token" },
    retry: { maxAttempts: 1 },
  });
  lines.length = 0;
}

afterEach(async () => {
  await client.close();
  await running.shutdown("test over");
});

/** The context of a handler calling on: the client passes its request id along. */
function callerContext(requestId: string): CallContext {
  return {
    requestId,
    deadline: Date.now() + 5000,
    signal: new AbortController().signal,
    identity: undefined,
    headers: {},
  };
}

const callLines = () => lines.filter((line) => line["msg"]?.toString().startsWith("call"));

describe("createServerApp", () => {
  test("when a call is made, then it is answered with the replica's name and the request id, logged once, and counted", async () => {
    await start();
    const response = await fetch(`${running.url}/calc`, {
      method: "POST",
      headers: { authorization: basic, "x-request-id": "req-1" },
    });
    expect([response.status, response.headers.get("x-served-by"), response.headers.get("x-request-id")]).toEqual([
      415,
      "replica-1",
      "req-1",
    ]);

    await expect(client.add(2, 3, { context: callerContext("req-2") })).resolves.toBe(5);
    expect(callLines()).toEqual([
      expect.objectContaining({
        level: 30,
        msg: "call",
        requestId: "req-1",
        identity: "ada",
        status: 415,
        service: "Calc",
        outcome: "bad_request",
      }),
      expect.objectContaining({
        level: 30,
        msg: "call",
        requestId: "req-2",
        identity: "ci",
        status: 200,
        service: "Calc",
        method: "add",
        outcome: "ok",
      }),
    ]);
    const metrics = await app.metrics.registry.getSingleMetricAsString("thrift_calls_total");
    expect(metrics).toBe(
      [
        "# HELP thrift_calls_total Thrift calls answered, by service, method and outcome",
        "# TYPE thrift_calls_total counter",
        'thrift_calls_total{service="Calc",method="",outcome="bad_request"} 1',
        'thrift_calls_total{service="Calc",method="add",outcome="ok"} 1',
      ].join("\n"),
    );
  });

  test("when a handler outlives its method's timeout_ms, then the caller gets 504 at the deadline", async () => {
    await start();
    const started = Date.now();
    const failure = await client.wait(2000, { timeoutMs: 5000 }).catch((error: unknown) => error);
    const elapsed = Date.now() - started;
    expect(failure).toBeInstanceOf(HttpStatusError);
    expect(failure).toMatchObject({ status: 504, serverCode: "deadline_exceeded" });
    expect(elapsed).toBeGreaterThanOrEqual(50);
    expect(elapsed).toBeLessThan(1000);
    expect(callLines()).toEqual([
      expect.objectContaining({ level: 40, msg: "call timed out", method: "wait", status: 504 }),
    ]);
  });

  test("when a handler fails, then the caller learns nothing of it and the log has the stack, credentials removed", async () => {
    const handler = createCalcHandler();
    handler.add = async () => {
      throw new Error("connection string postgres://admin:pw@db");
    };
    await start({}, handler);
    const failure = await client.add(1, 1).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationError);
    expect((failure as Error).message).toBe("Internal error");
    const [line] = callLines();
    expect(line).toMatchObject({ level: 50, msg: "call failed", method: "add", outcome: "error" });
    expect(line!["err"]).toMatchObject({
      message: "connection string postgres://admin:[redacted]@db",
      stack: expect.stringContaining("app.test.ts"),
    });
  });

  test("when the caller goes away and the handler then fails, then the call is logged as cancelled, at info, without a stack", async () => {
    // A handler passing its signal on (a database query) fails with the signal's reason.
    let started = () => {};
    const handling = new Promise<void>((resolve) => (started = resolve));
    const handler = createCalcHandler();
    handler.add = (_a, _b, context) => {
      started();
      return new Promise((_resolve, reject) =>
        context.signal.addEventListener("abort", () => reject(context.signal.reason)),
      );
    };
    await start({}, handler);
    const caller = new AbortController();
    const call = fetch(`${running.url}/calc`, {
      method: "POST",
      headers: {
        authorization: basic,
        "content-type": "application/vnd.apache.thrift.binary",
        "x-request-id": "gone-1",
      },
      body: encodeCall(Calc.methods.add!, [1, 2], 1, "binary"),
      signal: caller.signal,
    });
    await handling;
    caller.abort();
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
    while (callLines().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(callLines()).toEqual([
      expect.objectContaining({
        level: 30,
        msg: "call",
        requestId: "gone-1",
        status: 499,
        method: "add",
        outcome: "cancelled",
      }),
    ]);
    expect(callLines()[0]).not.toHaveProperty("err");
    const metrics = await app.metrics.registry.getSingleMetricAsString("thrift_calls_total");
    expect(metrics).toContain('thrift_calls_total{service="Calc",method="add",outcome="cancelled"} 1');
  });

  test("when writing an answer fails because the caller reset the connection, then that is logged at info, other failures as errors", async () => {
    await start();
    const reset = Object.assign(new Error("write ECONNRESET"), { code: "ECONNRESET" });
    app.koa.emit("error", reset, { state: { requestId: "gone-2" } });
    app.koa.emit("error", new Error("a bug"), { state: { requestId: "bug-1" } });
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: "caller went away", requestId: "gone-2", code: "ECONNRESET" }),
      expect.objectContaining({ level: 50, msg: "unanswered error", requestId: "bug-1", err: expect.anything() }),
    ]);
    expect(lines[0]).not.toHaveProperty("err");
  });

  test("when credentials are missing, then 401 before the body is read, with the challenge and JSON", async () => {
    await start();
    const response = await fetch(`${running.url}/calc`, {
      method: "POST",
      headers: { "x-request-id": "req-3" },
      body: "x".repeat(10),
    });
    expect({
      status: response.status,
      challenge: response.headers.get("www-authenticate"),
      servedBy: response.headers.get("x-served-by"),
      requestId: response.headers.get("x-request-id"),
      body: await response.json(),
    }).toEqual({
      status: 401,
      challenge: 'Basic realm="calc", charset="UTF-8", Bearer realm="calc"',
      servedBy: "replica-1",
      requestId: "req-3",
      body: { code: "unauthenticated", message: "credentials required" },
    });
    expect(lines).toEqual([
      expect.objectContaining({ msg: "request refused", status: 401, path: "/calc", requestId: "req-3" }),
    ]);
  });

  test("health and metrics need no credentials; an unknown path gets a JSON 404 once authenticated", async () => {
    await start();
    const statuses = await Promise.all(
      ["/healthz", "/readyz", "/metrics"].map(async (path) => (await fetch(running.url + path)).status),
    );
    expect(statuses).toEqual([200, 200, 200]);
    const response = await fetch(`${running.url}/nowhere`, { headers: { authorization: basic } });
    expect([response.status, await response.json()]).toEqual([
      404,
      { code: "not_found", message: "no route for GET /nowhere" },
    ]);
  });

  test("when a body is larger than maxBodyBytes, then 413 in JSON, before the body is read", async () => {
    await start({ maxBodyBytes: 16 });
    const response = await fetch(`${running.url}/calc`, {
      method: "POST",
      headers: { authorization: basic, "content-type": "application/x-thrift" },
      body: Buffer.alloc(17),
    });
    expect([response.status, await response.json()]).toEqual([
      413,
      { code: "payload_too_large", message: expect.stringContaining("16") },
    ]);
  });

  test("when metrics require auth, then a scrape without credentials gets 401", async () => {
    await start({ metricsRequireAuth: true });
    expect((await fetch(`${running.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${running.url}/metrics`, { headers: { authorization: basic } })).status).toBe(200);
  });

  test("when one service is mounted at two paths, then its oneway work in hand is counted once", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const service = createThriftService(Calc, { ...createCalcHandler(), record: () => held });
    const logs = captureLogs("info");
    const both = createServerApp({ services: { "/a": service, "/b": service }, logger: logs.logger, auth: false });
    const body = encodeCall(Calc.methods.record!, ["x"], 1, "binary");
    const head = { method: "POST", path: "", query: "", contentType: "application/x-thrift", headers: {} };
    await service.handle({ ...head, body, requestId: "r", identity: undefined });
    expect(both.onewayPending()).toBe(1);
    release();
    await both.drain();
    expect(both.onewayPending()).toBe(0);
  });

  test("when authentication is off, then every caller is accepted and a warning says so", async () => {
    const logs = captureLogs("info");
    createServerApp({ services: {}, logger: logs.logger, auth: false });
    expect(logs.lines).toEqual([
      expect.objectContaining({ level: 40, msg: "authentication is off: every caller is accepted" }),
    ]);
    await start({ auth: false });
    const anonymous = createClient(Calc as ServiceDefinition<CalcHandler, CalcClient>, { url: `${running.url}/calc` });
    await expect(anonymous.add(1, 2)).resolves.toBe(3);
    await anonymous.close();
  });
});
