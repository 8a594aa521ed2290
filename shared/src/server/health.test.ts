// /healthz and /readyz through a replica's life: starting, ready, draining.
import Koa from "koa";
import { listen, type Listening } from "./__fixtures__/listen";
import { createHealth, type Health } from "./health";
import type { ServerState } from "./state";

let health: Health;
let server: Listening;
beforeEach(async () => {
  health = createHealth();
  const app = new Koa<ServerState>();
  app.use(health.middleware);
  app.use((ctx) => {
    ctx.body = "passed on";
  });
  server = await listen(app);
});
afterEach(() => server.close());

async function get(path: string, method = "GET") {
  const response = await fetch(server.url + path, { method });
  return { status: response.status, cache: response.headers.get("cache-control"), body: await response.text() };
}

describe("createHealth", () => {
  test("when starting, then the process is alive but not ready", async () => {
    expect(health.readiness).toBe("starting");
    expect(await get("/healthz")).toEqual({ status: 200, cache: "no-store", body: '{"status":"ok"}' });
    expect(await get("/readyz")).toEqual({
      status: 503,
      cache: "no-store",
      body: '{"code":"unavailable","message":"not ready: starting"}',
    });
  });

  test("when marked ready, then /readyz answers 200", async () => {
    health.markReady();
    expect(await get("/readyz")).toEqual({ status: 200, cache: "no-store", body: '{"status":"ready"}' });
  });

  test("when draining, then /readyz answers 503 for good while /healthz stays 200", async () => {
    health.markReady();
    health.markDraining();
    health.markReady();
    expect(health.readiness).toBe("draining");
    expect(await get("/readyz")).toEqual({
      status: 503,
      cache: "no-store",
      body: '{"code":"unavailable","message":"not ready: draining"}',
    });
    expect(await get("/healthz")).toEqual({ status: 200, cache: "no-store", body: '{"status":"ok"}' });
  });

  test("passes on other paths and methods", async () => {
    expect(await get("/healthz/x")).toEqual({ status: 200, cache: null, body: "passed on" });
    expect(await get("/healthz", "POST")).toEqual({ status: 200, cache: null, body: "passed on" });
  });
});
