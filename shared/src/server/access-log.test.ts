// The access log: one line per call with its outcome, level and request id, failures
// with their stack, refused requests at info and probes at debug.
import Koa from "koa";
import { captureLogs } from "./__fixtures__/log-lines";
import { listen, type Listening } from "./__fixtures__/listen";
import { accessLog, logOnewayError } from "./access-log";
import { errorBoundary } from "./errors";
import type { CallReport } from "../core/http";
import type { ServerState } from "./state";
import { ServiceUnavailable } from "../core/unavailable";

const failure = new Error("disk full");
const unavailable = new ServiceUnavailable("The database is unavailable (ECONNREFUSED)", { cause: failure });
const { logger, lines } = captureLogs();
let server: Listening;

// Stands in for the Thrift router: records the call the test asks for.
const calls: Record<string, CallReport> = {
  "/ok": { service: "Echo", method: "echo", outcome: "ok", error: undefined },
  "/error": { service: "Echo", method: "echo", outcome: "error", error: failure },
  "/timeout": { service: "Echo", method: "echo", outcome: "timeout", error: undefined },
  "/unavailable": { service: "Echo", method: "echo", outcome: "error", error: unavailable },
};

beforeAll(async () => {
  const app = new Koa<ServerState>();
  app.use(async (ctx, next) => {
    ctx.state.requestId = ctx.get("x-request-id");
    ctx.state.identity = "ada";
    await next();
  });
  app.use(accessLog(logger));
  app.use(errorBoundary());
  app.use((ctx) => {
    const call = calls[ctx.path];
    if (call) {
      ctx.state.thrift = call;
      ctx.status = call.outcome === "timeout" ? 504 : call.error === unavailable ? 503 : 200;
    } else if (ctx.path === "/throw") {
      throw failure;
    } else if (ctx.path === "/healthz") {
      ctx.body = "ok";
    } else if (ctx.path === "/readyz") {
      ctx.status = 503;
      ctx.body = { error: "unavailable" };
    }
  });
  server = await listen(app);
});
afterAll(() => server.close());
beforeEach(() => {
  lines.length = 0;
});

async function request(path: string) {
  await (await fetch(server.url + path, { headers: { "x-request-id": `id${path}` } })).arrayBuffer();
  return lines.map(({ time, hostname, pid, name, ...line }) => line);
}

const timing = { durationMs: expect.any(Number) };

describe("accessLog", () => {
  test("when a call succeeds, then one info line names it with its request id", async () => {
    expect(await request("/ok")).toEqual([
      {
        level: 30,
        msg: "call",
        requestId: "id/ok",
        identity: "ada",
        status: 200,
        ...timing,
        service: "Echo",
        method: "echo",
        outcome: "ok",
      },
    ]);
  });

  test("when a handler fails, then the line is an error with the stack", async () => {
    const [line] = await request("/error");
    expect(line).toMatchObject({ level: 50, msg: "call failed", requestId: "id/error", outcome: "error" });
    expect(line!["err"]).toMatchObject({
      type: "Error",
      message: "disk full",
      stack: expect.stringContaining("access-log.test.ts"),
    });
  });

  test("When a call is answered 503 (a resource it needs is away) Then the line is a warning with the reason, no stack or causes", async () => {
    expect(await request("/unavailable")).toEqual([
      {
        level: 40,
        msg: "call unavailable",
        requestId: "id/unavailable",
        identity: "ada",
        status: 503,
        ...timing,
        service: "Echo",
        method: "echo",
        outcome: "error",
        reason: "ServiceUnavailable: The database is unavailable (ECONNREFUSED)",
      },
    ]);
  });

  test("when a call times out, then the line is a warning", async () => {
    expect(await request("/timeout")).toEqual([
      expect.objectContaining({ level: 40, msg: "call timed out", status: 504, outcome: "timeout" }),
    ]);
  });

  test("when a request fails outside a call, then it is logged with the error", async () => {
    const [line] = await request("/throw");
    expect(line).toMatchObject({ level: 50, msg: "request failed", status: 500, httpMethod: "GET", path: "/throw" });
    expect(line!["err"]).toMatchObject({ message: "disk full" });
  });

  test("when a 5xx is answered on purpose, with no error behind it, then it is a refusal at info", async () => {
    expect(await request("/readyz")).toEqual([
      expect.objectContaining({ level: 30, msg: "request refused", status: 503, path: "/readyz" }),
    ]);
  });

  test("when a request is refused, then it is logged at info; probes only at debug", async () => {
    expect(await request("/nowhere")).toEqual([
      {
        level: 30,
        msg: "request refused",
        requestId: "id/nowhere",
        identity: "ada",
        status: 404,
        ...timing,
        httpMethod: "GET",
        path: "/nowhere",
      },
    ]);
    lines.length = 0;
    expect(await request("/healthz")).toEqual([
      expect.objectContaining({ level: 20, msg: "request", path: "/healthz" }),
    ]);
  });
});

describe("logOnewayError", () => {
  test("logs a failed oneway handler as an error with its request id", () => {
    const call = { service: "DataService", method: "incrementLater", outcome: "error", error: failure } as const;
    logOnewayError(logger)(failure, call, "r-9");
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: "oneway call failed",
        requestId: "r-9",
        service: "DataService",
        method: "incrementLater",
        outcome: "error",
        err: expect.objectContaining({ message: "disk full" }),
      }),
    ]);
  });
});
