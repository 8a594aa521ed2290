// errorBoundary: every failure becomes a JSON error that says nothing of its cause, and
// 404 when nothing answers.
import Koa from "koa";
import { listen, type Listening } from "./__fixtures__/listen";
import { errorBoundary } from "./errors";
import type { ServerState } from "./state";

let server: Listening;
let stateError: unknown;
const failure = new Error("database password is hunter2");
beforeAll(async () => {
  const app = new Koa<ServerState>();
  app.use(async (ctx, next) => {
    ctx.set("X-Request-ID", "r-1");
    await next();
    stateError = ctx.state.error;
  });
  app.use(errorBoundary());
  app.use((ctx) => {
    if (ctx.path === "/fail") throw failure;
    if (ctx.path === "/ok") ctx.body = "fine";
    if (ctx.path === "/written") {
      // As the Thrift middleware answers: the reply written directly, Koa told so.
      ctx.respond = false;
      ctx.res.writeHead(404, { "content-type": "application/json" });
      ctx.res.end('{"code":"own"}');
    }
  });
  server = await listen(app);
});
afterAll(() => server.close());

async function get(path: string) {
  const response = await fetch(server.url + path);
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    requestId: response.headers.get("x-request-id"),
    body: await response.text(),
  };
}

describe("errorBoundary", () => {
  test("when a middleware throws, then 500 with a JSON body that says nothing of the error, headers kept", async () => {
    expect(await get("/fail")).toEqual({
      status: 500,
      type: "application/json",
      requestId: "r-1",
      body: '{"code":"internal","message":"internal server error"}',
    });
    expect(stateError).toBe(failure);
  });

  test("when nothing answers, then 404 in JSON", async () => {
    expect(await get("/nowhere")).toEqual({
      status: 404,
      type: "application/json",
      requestId: "r-1",
      body: '{"code":"not_found","message":"no route for GET /nowhere"}',
    });
  });

  test("when nothing answers a long path, then the 404 quotes only its start", async () => {
    const path = `/${"x".repeat(7000)}`;
    expect(await get(path)).toEqual({
      status: 404,
      type: "application/json",
      requestId: "r-1",
      body: `{"code":"not_found","message":"no route for GET ${path.slice(0, 100)}… (7001 characters)"}`,
    });
  });

  test("when a middleware wrote its own 404, then that reply is what the caller gets", async () => {
    expect(await get("/written")).toEqual({
      status: 404,
      type: "application/json",
      requestId: "r-1",
      body: '{"code":"own"}',
    });
  });

  test("leaves answered requests alone", async () => {
    expect(await get("/ok")).toEqual({
      status: 200,
      type: "text/plain; charset=utf-8",
      requestId: "r-1",
      body: "fine",
    });
  });
});
