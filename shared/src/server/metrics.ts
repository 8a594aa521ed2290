// Prometheus metrics on a registry of the app's own (not prom-client's global one),
// so two apps in one process, as in tests, never share or clash over counters.
import type { Middleware } from "koa";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ServerState } from "./state";

export interface Metrics {
  readonly registry: Registry;
  /**
   * Counts Thrift calls by service, method and outcome, and times them. Mount it just
   * before the Thrift router; a request the router does not take is not counted.
   */
  readonly middleware: Middleware<ServerState>;
  /** Answers `GET /metrics` in the Prometheus text format; passes other requests on. */
  readonly endpoint: Middleware<ServerState>;
}

const labelNames = ["service", "method", "outcome"] as const;

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const calls = new Counter({
    name: "thrift_calls_total",
    help: "Thrift calls answered, by service, method and outcome",
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "thrift_call_duration_seconds",
    help: "Time from receiving a Thrift call to answering it",
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: "thrift_calls_in_flight",
    help: "Thrift calls received and not yet answered",
    registers: [registry],
  });

  // The labelled series of each (service, method, outcome), looked up once: label values
  // are few (the router names only the service's own methods), and prom-client hashes
  // the labels on every lookup.
  const series = new Map<string, { calls: Counter.Internal; duration: Histogram.Internal<(typeof labelNames)[number]> }>();
  function seriesOf(service: string, method: string, outcome: string) {
    const key = `${service} ${method} ${outcome}`;
    let found = series.get(key);
    if (found === undefined) {
      found = { calls: calls.labels(service, method, outcome), duration: duration.labels(service, method, outcome) };
      series.set(key, found);
    }
    return found;
  }

  const middleware: Middleware<ServerState> = async (ctx, next) => {
    const start = performance.now();
    inFlight.inc();
    try {
      await next();
    } finally {
      inFlight.dec();
      const call = ctx.state.thrift;
      // A request the router did not take (wrong path) is no call: nothing to count.
      if (call) {
        const { calls, duration } = seriesOf(call.service, call.method ?? "", call.outcome);
        calls.inc();
        duration.observe((performance.now() - start) / 1000);
      }
    }
  };

  // Not async: every request passes here, and most pass on.
  const endpoint: Middleware<ServerState> = (ctx, next) => {
    if (ctx.path !== "/metrics" || !(ctx.method === "GET" || ctx.method === "HEAD")) return next();
    return registry.metrics().then((text) => {
      ctx.set("Cache-Control", "no-store");
      ctx.type = registry.contentType;
      ctx.body = text;
    });
  };

  return { registry, middleware, endpoint };
}
