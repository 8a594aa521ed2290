// createMetrics: calls counted by method and outcome, in flight, and served in the
// Prometheus text format.
import Koa from "koa";
import { listen, type Listening } from "./__fixtures__/listen";
import { createMetrics, type Metrics } from "./metrics";
import type { ServerState } from "./state";

let metrics: Metrics;
let server: Listening;
let release: () => void = () => {};
let started: () => void = () => {};

beforeEach(async () => {
  metrics = createMetrics();
  const app = new Koa<ServerState>();
  app.use(metrics.endpoint);
  app.use(metrics.middleware);
  // Stands in for the Thrift router.
  app.use(async (ctx) => {
    if (ctx.path === "/slow") {
      started();
      await new Promise<void>((resolve) => (release = resolve));
    }
    if (ctx.path !== "/nowhere") {
      ctx.state.thrift = {
        service: "Echo",
        method: "echo",
        outcome: ctx.path === "/bad" ? "bad_request" : "ok",
        error: undefined,
      };
      ctx.body = "";
    }
  });
  server = await listen(app);
});
afterEach(() => server.close());

const post = async (path: string) => (await fetch(server.url + path, { method: "POST" })).arrayBuffer();

/** The value of the sample `name` (a histogram's `_count` too) with these labels. */
async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const samples = (await metrics.registry.getMetricsAsJSON()).flatMap((metric) =>
    metric.values.map((sample) => ({ name: (sample as { metricName?: string }).metricName ?? metric.name, ...sample })),
  );
  const sample = samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return sample?.value ?? 0;
}

describe("createMetrics", () => {
  test("when calls are made, then the counter of each method and outcome rises by exactly their number", async () => {
    await Promise.all([post("/ok"), post("/ok"), post("/ok"), post("/bad"), post("/nowhere")]);
    expect(await value("thrift_calls_total", { service: "Echo", method: "echo", outcome: "ok" })).toBe(3);
    expect(await value("thrift_calls_total", { service: "Echo", method: "echo", outcome: "bad_request" })).toBe(1);
    expect(await value("thrift_call_duration_seconds_count", { method: "echo", outcome: "ok" })).toBe(3);
  });

  test("when a call is running, then it is counted in flight until answered", async () => {
    const running = new Promise<void>((resolve) => (started = resolve));
    const slow = post("/slow");
    await running;
    expect(await value("thrift_calls_in_flight")).toBe(1);
    release();
    await slow;
    expect(await value("thrift_calls_in_flight")).toBe(0);
  });

  test("serves the registry in the Prometheus text format, with the process metrics", async () => {
    await post("/ok");
    const response = await fetch(`${server.url}/metrics`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(text).toContain('thrift_calls_total{service="Echo",method="echo",outcome="ok"} 1\n');
    expect(text).toContain("process_cpu_seconds_total");
  });
});
