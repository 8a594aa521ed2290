// Tracing end to end in one process: the SDK started from OTEL_* variables as a service's
// main starts it, exporting to a fake OTLP/HTTP receiver; calc (a service) and echo (a
// service whose handler calls calc with the typed client and its context) over real HTTP.
import { createClient, type ThriftClient } from "../client";
import { encodeCall } from "../core/message";
import { contentTypes } from "../core/protocols";
import { createThriftService } from "../core/service";
import { registeredTracer } from "../core/tracer";
import type { CallOptions } from "../core/definition";
import { Calc, DivideByZero, methods } from "../core/__fixtures__/calc";
import { createCalcHandler } from "../core/__fixtures__/calc-handler";
import { Echo, type EchoMessage } from "../koa/__fixtures__/echo";
import { createServerApp } from "./app";
import { captureLogs } from "./__fixtures__/log-lines";
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "./__fixtures__/otlp-receiver";
import { serve, type RunningServer } from "./lifecycle";
import { createServiceApp } from "./service-app";
import { startTracing, type Tracing } from "./start-tracing";

interface CalcClient {
  add(a: number, b: number, options?: CallOptions): Promise<number>;
  divide(a: number, b: number, options?: CallOptions): Promise<number>;
}

const token = "calc-token";
const auth = { basicUsers: new Map(), bearerTokens: new Map([["ci", token]]), realm: "calc" };
const serveOptions = { host: "127.0.0.1", port: 0, shutdownGraceMs: 1000, signals: [] };
const otelVariables = [
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_PROTOCOL",
  "OTEL_TRACES_EXPORTER",
  "OTEL_SERVICE_NAME",
  "OTEL_EXPORTER_OTLP_TIMEOUT",
];
const savedEnv = Object.fromEntries(otelVariables.map((name) => [name, process.env[name]]));
afterAll(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

interface Stack {
  receiver: OtlpReceiver | undefined;
  tracing: Tracing;
  calcHandler: ReturnType<typeof createCalcHandler>;
  calc: RunningServer;
  echo: RunningServer;
  calcClient: ThriftClient<CalcClient>;
  echoClient: ThriftClient<{ echo(req: EchoMessage, options?: CallOptions): Promise<EchoMessage> }>;
  calcLines: Record<string, unknown>[];
  echoLines: Record<string, unknown>[];
}

/** Tracing started as a main starts it (or not, with `protocol` undefined), then the two services and their clients. */
async function start(protocol: "http/json" | "http/protobuf" | undefined): Promise<Stack> {
  const receiver = protocol === undefined ? undefined : await startOtlpReceiver();
  for (const name of otelVariables) delete process.env[name];
  if (receiver !== undefined && protocol !== undefined) {
    process.env["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.url;
    process.env["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol;
  }
  const tracing = startTracing({ serviceName: "calc" });
  const calcLogs = captureLogs("info");
  const calcHandler = createCalcHandler();
  const config = {
    thrift: { path: "/calc", maxBodyBytes: 1 << 20, maxBodyBytesInFlight: 4 << 20, maxTimeoutMs: 5000 },
    auth,
    metricsRequireAuth: false,
  };
  const calc = await serve(
    createServiceApp({ definition: Calc, handler: calcHandler, config, logger: calcLogs.logger }),
    { ...serveOptions, logger: calcLogs.logger },
  );
  const calcClient = createClient(Calc as never, {
    url: `${calc.url}/calc`,
    auth: { bearer: token },
  }) as ThriftClient<CalcClient>;
  const echoLogs = captureLogs("info");
  const echoService = createThriftService(Echo, {
    // A handler calling another service with its context: the trace goes on.
    echo: async (req, ctx) => ({ msg: `${req.msg} ${await calcClient.add(2, 3, { context: ctx })}` }),
  });
  const echoApp = createServerApp({ services: { "/echo": echoService }, logger: echoLogs.logger, auth: false });
  const echo = await serve(echoApp, { ...serveOptions, logger: echoLogs.logger });
  const echoClient = createClient(Echo as never, { url: `${echo.url}/echo` }) as Stack["echoClient"];
  return {
    receiver,
    tracing,
    calcHandler,
    calc,
    echo,
    calcClient,
    echoClient,
    calcLines: calcLogs.lines,
    echoLines: echoLogs.lines,
  };
}

async function stop(stack: Stack): Promise<void> {
  await Promise.all([stack.calcClient.close(), stack.echoClient.close()]);
  await Promise.all([stack.calc.shutdown("test over"), stack.echo.shutdown("test over")]);
  await stack.tracing.shutdown();
  await stack.receiver?.close();
}

/** The spans of `traceId` the receiver has, once there are `count` (flushed first; a bounded wait). */
async function spansOf(stack: Stack, traceId: string, count: number): Promise<ReceivedSpan[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    await stack.tracing.flush();
    const spans = stack.receiver!.spans.filter((span) => span.traceId === traceId);
    if (spans.length >= count) return spans;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return stack.receiver!.spans.filter((span) => span.traceId === traceId);
}

/** The one root span's trace, once the receiver has `count` spans with a new trace id. */
async function newTrace(stack: Stack, before: number, count: number): Promise<ReceivedSpan[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    await stack.tracing.flush();
    const root = stack.receiver!.spans.slice(before).find((span) => span.parentSpanId === "");
    if (root !== undefined) {
      const spans = await spansOf(stack, root.traceId, count);
      if (spans.length >= count) return spans;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no trace of ${count} spans: ${JSON.stringify(stack.receiver!.spans.slice(before))}`);
}

const callerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
const callerSpanId = "00f067aa0ba902b7";
const serverSpan = (name: string, attributes: Record<string, unknown>, httpMethod = "POST") => ({
  service: "calc",
  traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
  spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
  parentSpanId: expect.any(String),
  name,
  kind: 2,
  attributes: {
    "rpc.system.name": "apache_thrift",
    "http.request.method": httpMethod,
    "http.response.status_code": 200,
    ...attributes,
  },
  status: 0,
});
const clientSpan = (method: string, port: number, attributes: Record<string, unknown> = {}) => ({
  service: "calc",
  traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
  spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
  parentSpanId: expect.any(String),
  name: method,
  kind: 3,
  attributes: {
    "rpc.system.name": "apache_thrift",
    "rpc.method": method,
    "server.address": "127.0.0.1",
    "server.port": port,
    "rpc.response.status_code": "ok",
    ...attributes,
  },
  status: 0,
});
const portOf = (server: RunningServer) => Number(new URL(server.url).port);

describe.each(["http/json", "http/protobuf"] as const)("Tracing on, exporting OTLP over %s", (protocol) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await start(protocol);
  });
  afterAll(() => stop(stack));

  test("When a call arrives with a caller's traceparent Then one server span, the caller's span's child, named and attributed by the RPC conventions", async () => {
    const reply = await fetch(`${stack.calc.url}/calc`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": contentTypes.binary,
        traceparent: `00-${callerTraceId}-${callerSpanId}-01`,
      },
      body: encodeCall(methods.add, [2, 3], 0, "binary"),
    });
    expect(reply.status).toBe(200);
    const spans = await spansOf(stack, callerTraceId, 1);
    expect(spans).toEqual([
      {
        ...serverSpan("Calc/add", { "rpc.method": "Calc/add", "rpc.response.status_code": "ok" }),
        traceId: callerTraceId,
        parentSpanId: callerSpanId,
      },
    ]);
    expect(
      stack.receiver!.contentTypes.every(
        (type) => type === (protocol === "http/json" ? "application/json" : "application/x-protobuf"),
      ),
    ).toBe(true);
  });

  test("When a typed client calls Then a client span, and the server's span is its child, in one trace", async () => {
    const before = stack.receiver!.spans.length;
    expect(await stack.calcClient.add(2, 3)).toBe(5);
    const [client, server, ...more] = sortedByParent(await newTrace(stack, before, 2));
    expect(more).toEqual([]);
    expect(client).toEqual({ ...clientSpan("Calc/add", portOf(stack.calc)), parentSpanId: "" });
    // add has no side effects: the client sends it as a GET.
    expect(server).toEqual({
      ...serverSpan("Calc/add", { "rpc.method": "Calc/add", "rpc.response.status_code": "ok" }, "GET"),
      traceId: client!.traceId,
      parentSpanId: client!.spanId,
    });
    // The headers the handler saw: the client's span is the caller.
    expect(stack.calcHandler.calls.context?.headers["traceparent"]).toBe(`00-${client!.traceId}-${client!.spanId}-01`);
  });

  test("When echo's handler calls calc with { context: ctx } Then one trace: client, echo's server span, its client span, calc's server span; each log line carries its span's ids", async () => {
    const before = stack.receiver!.spans.length;
    expect(await stack.echoClient.echo({ msg: "sum" })).toEqual({ msg: "sum 5" });
    const spans = sortedByParent(await newTrace(stack, before, 4));
    expect(spans).toEqual([
      { ...clientSpan("Echo/echo", portOf(stack.echo)), parentSpanId: "" },
      {
        ...serverSpan("Echo/echo", { "rpc.method": "Echo/echo", "rpc.response.status_code": "ok" }),
        parentSpanId: spans[0]!.spanId,
      },
      { ...clientSpan("Calc/add", portOf(stack.calc)), parentSpanId: spans[1]!.spanId },
      {
        ...serverSpan("Calc/add", { "rpc.method": "Calc/add", "rpc.response.status_code": "ok" }, "GET"),
        parentSpanId: spans[2]!.spanId,
      },
    ]);
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
    const traceId = spans[0]!.traceId;
    const echoLine = stack.echoLines.find((line) => line["msg"] === "call" && line["traceId"] === traceId);
    const calcLine = stack.calcLines.find((line) => line["msg"] === "call" && line["traceId"] === traceId);
    expect({ echo: echoLine?.["spanId"], calc: calcLine?.["spanId"] }).toEqual({
      echo: spans[1]!.spanId,
      calc: spans[3]!.spanId,
    });
  });

  test("When a call ends in a declared exception Then both spans say exception, an answer, not an error", async () => {
    const before = stack.receiver!.spans.length;
    await expect(stack.calcClient.divide(1, 0)).rejects.toBeInstanceOf(DivideByZero);
    const [client, server] = sortedByParent(await newTrace(stack, before, 2));
    expect(client).toEqual({
      ...clientSpan("Calc/divide", portOf(stack.calc), { "rpc.response.status_code": "exception" }),
      parentSpanId: "",
    });
    expect(server).toEqual({
      ...serverSpan("Calc/divide", { "rpc.method": "Calc/divide", "rpc.response.status_code": "exception" }),
      parentSpanId: client!.spanId,
    });
  });

  test("When oneway calls wait in the work queue Then each runs in its own call's trace: its log lines carry its trace id, not the previous call's", async () => {
    const logs = captureLogs("info");
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = {
      ...createCalcHandler(),
      async record(event: string) {
        if (event === "first") await gate;
        logs.logger.info({ event }, "recorded");
        if (event === "third") throw new Error("third failed");
      },
    };
    const service = createThriftService(Calc, handler, { onewayConcurrency: 1 });
    const server = await serve(createServerApp({ services: { "/calc": service }, logger: logs.logger, auth: false }), {
      ...serveOptions,
      logger: logs.logger,
    });
    const events = ["first", "second", "third"];
    const traceIds = ["a", "b", "c"].map((digit) => digit.repeat(32));
    const statuses: number[] = [];
    for (const [index, event] of events.entries()) {
      const reply = await fetch(`${server.url}/calc`, {
        method: "POST",
        headers: { "content-type": contentTypes.binary, traceparent: `00-${traceIds[index]}-${callerSpanId}-01` },
        body: encodeCall(methods.record, [event], 0, "binary"),
      });
      statuses.push(reply.status);
    }
    release();
    await server.shutdown("test over");
    // Each call's server span, answered before its handler ran.
    const spans = await Promise.all(traceIds.map((traceId) => spansOf(stack, traceId, 1)));
    expect(
      spans.map((ofTrace) => ofTrace.map((span) => [span.name, span.attributes["rpc.response.status_code"]])),
    ).toEqual(traceIds.map(() => [["Calc/record", "oneway"]]));
    const lines = logs.lines.filter((line) => line["msg"] === "recorded" || line["msg"] === "oneway call failed");
    expect({
      statuses,
      lines: lines.map((line) => [line["msg"], line["event"] ?? line["method"], line["traceId"]]),
    }).toEqual({
      statuses: [200, 200, 200],
      lines: [
        ["recorded", "first", traceIds[0]],
        ["recorded", "second", traceIds[1]],
        ["recorded", "third", traceIds[2]],
        ["oneway call failed", "record", traceIds[2]],
      ],
    });
  });

  test("When a call is refused before the router (401) Then its span is named by the HTTP method and says the status; probes and scrapes have none", async () => {
    const before = stack.receiver!.spans.length;
    const probes = await Promise.all(
      ["/healthz", "/readyz", "/metrics"].map((path) =>
        fetch(`${stack.calc.url}${path}`).then((reply) => reply.status),
      ),
    );
    expect(probes).toEqual([200, 200, 200]);
    const refused = await fetch(`${stack.calc.url}/calc`, {
      method: "POST",
      headers: { "content-type": contentTypes.binary, traceparent: `00-${"1".repeat(32)}-${callerSpanId}-01` },
      body: encodeCall(methods.add, [2, 3], 0, "binary"),
    });
    expect(refused.status).toBe(401);
    const spans = await spansOf(stack, "1".repeat(32), 1);
    expect(spans).toEqual([
      {
        ...serverSpan("POST", { "http.response.status_code": 401, "error.type": "401" }),
        traceId: "1".repeat(32),
        parentSpanId: callerSpanId,
      },
    ]);
    expect(stack.receiver!.spans.slice(before).filter((span) => span.traceId !== "1".repeat(32))).toEqual([]);
  });
});

describe("Tracing off (no exporter configured, the default)", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await start(undefined);
  });
  afterAll(() => stop(stack));

  test("When a handler calls another service Then no SDK, no trace header sent, no ids in the log lines", async () => {
    expect({ enabled: stack.tracing.enabled, tracer: registeredTracer() }).toEqual({
      enabled: false,
      tracer: undefined,
    });
    expect(await stack.echoClient.echo({ msg: "sum" })).toEqual({ msg: "sum 5" });
    expect(stack.calcHandler.calls.context?.headers["traceparent"]).toBeUndefined();
    const calls = [...stack.echoLines, ...stack.calcLines].filter((line) => line["msg"] === "call");
    expect(calls.map((line) => ["traceId", "spanId"].filter((key) => key in line))).toEqual([[], []]);
  });
});

describe("Tracing's shutdown", () => {
  test("When the receiver cannot be reached Then shutdown still resolves, the spans dropped, and tracing is off after it", async () => {
    for (const name of otelVariables) delete process.env[name];
    // A port nothing listens on: the export fails.
    const closed = await startOtlpReceiver();
    await closed.close();
    process.env["OTEL_EXPORTER_OTLP_ENDPOINT"] = closed.url;
    // The export retries past the 500 ms the shutdown waits (its first retry comes after
    // 800 to 1200 ms), then gives up: not after the default 10 s, whose retry timers and
    // the SDK's 30 s export timer (neither unref'd) would hold the test process.
    process.env["OTEL_EXPORTER_OTLP_TIMEOUT"] = "1500";
    const tracing = startTracing({ serviceName: "calc", shutdownTimeoutMs: 500 });
    registeredTracer()!.startSpan("lost").end();
    await expect(tracing.shutdown()).resolves.toBeUndefined();
    expect(registeredTracer()).toBeUndefined();
  });
});

/** Root first, then each span's child (the traces here are chains). */
function sortedByParent(spans: ReceivedSpan[]): ReceivedSpan[] {
  const sorted: ReceivedSpan[] = [];
  let parent = "";
  for (
    let next = spans.find((span) => span.parentSpanId === parent);
    next !== undefined;
    next = spans.find((span) => span.parentSpanId === parent)
  ) {
    sorted.push(next);
    parent = next.spanId;
  }
  return sorted.length === spans.length ? sorted : spans;
}
