// Prometheus metrics on a registry of the app's own (not prom-client's global one),
// so two apps in one process, as in tests, never share or clash over counters.
import type { Middleware, ParameterizedContext } from "koa";
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import { noStore } from "../core/cache";
import { createCallHistogram, type HistogramSeries } from "./call-histogram";
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
  /**
   * `middleware` in two halves, for an app that already runs a frame around every request
   * (createServerApp's conventions): `gate`, mounted where `middleware` would be, counts
   * the request in flight and starts its clock; `record(ctx)`, called by the outer frame
   * once the request is answered, counts and times what the gate saw. No frame of its own.
   */
  readonly gate: Middleware<ServerState>;
  record(ctx: ParameterizedContext<ServerState>): void;
}

const labelNames = ["service", "method", "outcome"] as const;

interface Series {
  counter: Counter.Internal;
  duration: HistogramSeries;
  /** Calls answered since the last scrape. */
  uncounted: number;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Every call updates plain numbers; prom-client reads them when scraped (its
  // `collect` hook). Its own inc() and observe() hash the labels on every call, a share of
  // a call's cost (docs/benchmarks.md); the histogram is ours for the same reason.
  const series = new Map<string, Map<string, Map<string, Series>>>();
  let running = 0;
  const calls: Counter = new Counter({
    name: "thrift_calls_total",
    help: "Thrift calls answered, by service, method and outcome",
    labelNames,
    registers: [registry],
    collect() {
      for (const one of allSeries()) {
        if (one.uncounted > 0) one.counter.inc(one.uncounted);
        one.uncounted = 0;
      }
    },
  });
  const duration = createCallHistogram(
    registry,
    "thrift_call_duration_seconds",
    "Time from receiving a Thrift call to answering it",
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  new Gauge({
    name: "thrift_calls_in_flight",
    help: "Thrift calls received and not yet answered",
    registers: [registry],
    collect() {
      this.set(running);
    },
  });

  // The series of each (service, method, outcome), made once: label values are few (the
  // router names only the service's own methods).
  function seriesOf(service: string, method: string, outcome: string): Series {
    let methods = series.get(service);
    if (methods === undefined) {
      methods = new Map();
      series.set(service, methods);
    }
    let outcomes = methods.get(method);
    if (outcomes === undefined) {
      outcomes = new Map();
      methods.set(method, outcomes);
    }
    let found = outcomes.get(outcome);
    if (found === undefined) {
      found = {
        counter: calls.labels(service, method, outcome),
        duration: duration.series({ service, method, outcome }),
        uncounted: 0,
      };
      outcomes.set(outcome, found);
    }
    return found;
  }
  function* allSeries(): Generator<Series> {
    for (const methods of series.values()) for (const outcomes of methods.values()) yield* outcomes.values();
  }

  function record(ctx: ParameterizedContext<ServerState>): void {
    const { state } = ctx;
    const start = state.meteredAt;
    // A request the gate did not see (answered before it: health, a refusal) is not counted.
    if (start === undefined) return;
    state.meteredAt = undefined;
    running--;
    const call = state.thrift;
    // A request the router did not take (wrong path) is no call: nothing to count.
    if (call) {
      const one = seriesOf(call.service, call.method ?? "", call.outcome);
      one.uncounted++;
      duration.observe(one.duration, (performance.now() - start) / 1000);
    }
  }

  const gate: Middleware<ServerState> = (ctx, next) => {
    ctx.state.meteredAt = performance.now();
    running++;
    return next();
  };

  const middleware: Middleware<ServerState> = (ctx, next) =>
    gate(ctx, next).then(
      () => record(ctx),
      (error: unknown) => {
        record(ctx);
        throw error;
      },
    );

  // Not async: every request passes here, and most pass on.
  const endpoint: Middleware<ServerState> = (ctx, next) => {
    if (ctx.path !== "/metrics" || !(ctx.method === "GET" || ctx.method === "HEAD")) return next();
    return registry.metrics().then((text) => {
      ctx.set("Cache-Control", noStore);
      ctx.type = registry.contentType;
      ctx.body = text;
    });
  };

  return { registry, middleware, endpoint, gate, record };
}
