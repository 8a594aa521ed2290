// Starts OpenTelemetry's SDK for a service, as its main does first (before the logger, the
// app and any client: they ask once, when made, whether to trace). Configured by the
// standard OTEL_* variables (tracing-config.ts). With no exporter configured, the default,
// no SDK module is even loaded and tracing costs nothing; otherwise spans go in batches to
// an OTLP/HTTP receiver (a collector, Jaeger, Tempo, …) or to the console.
//
//     const tracing = startTracing({ serviceName: "echo" });
//     …
//     await serve(app, { ...settings, logger, onClose: tracing.shutdown });
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import { tracingConfigFromEnv, type TracingConfig } from "./tracing-config";

export interface StartTracingOptions {
  /** The resource's `service.name` unless OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) names one. */
  serviceName: string;
  /**
   * Where spans go instead of the configured exporters, with tracing then on whatever
   * OTEL_TRACES_EXPORTER says (tests and benchmarks: an in-memory exporter). Default: none.
   */
  exporter?: SpanExporter;
  /** Longest `shutdown()` waits for the last spans' export, in ms. Default 2000. */
  shutdownTimeoutMs?: number;
}

/** Settles when `work` does or after `ms`, whichever is first; never rejects. */
function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
}

export interface Tracing {
  /** Whether spans are made: an exporter is configured. */
  readonly enabled: boolean;
  /** Exports the spans ended so far now, instead of with the next batch. */
  flush(): Promise<void>;
  /**
   * Exports the spans still waiting (for at most `shutdownTimeoutMs`), then stops tracing
   * (the API goes back to its no-op). Never rejects. When the receiver cannot be reached,
   * OpenTelemetry's exporter keeps retrying after it resolves, on timers that hold the
   * process up to `OTEL_EXPORTER_OTLP_TIMEOUT` (10 s by default): `serve` exits on a
   * signal regardless; a script that waits for Node to exit by itself waits that long.
   */
  shutdown(): Promise<void>;
}

const off: Tracing = { enabled: false, flush: async () => undefined, shutdown: async () => undefined };

// The SDK's modules are required here, not imported at the top: a service that does not
// trace never loads them. CommonJS, as the rest of the package: the API's globals are then
// one copy's, the one the client and the server ask.
type Sdk = typeof import("@opentelemetry/sdk-trace");

/** Reads OTEL_* from `process.env` (throws a `ConfigError` for a bad value) and registers the SDK if it exports anywhere. */
export function startTracing(options: StartTracingOptions): Tracing {
  const config = tracingConfigFromEnv(process.env);
  if (config.exporters.length === 0 && options.exporter === undefined) return off;
  const api = require("@opentelemetry/api") as typeof import("@opentelemetry/api");
  const sdk = require("@opentelemetry/sdk-trace") as Sdk;
  const core = require("@opentelemetry/core") as typeof import("@opentelemetry/core");
  const resources = require("@opentelemetry/resources") as typeof import("@opentelemetry/resources");
  const { AsyncLocalStorageContextManager } =
    require("@opentelemetry/context-async-hooks") as typeof import("@opentelemetry/context-async-hooks");
  const exporters =
    options.exporter === undefined
      ? config.exporters.map((name) => exporterFor(sdk, name, config))
      : [options.exporter];
  const provider = new sdk.TracerProvider({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES take precedence over the default name.
    resource: resources
      .resourceFromAttributes({ "service.name": options.serviceName })
      .merge(resources.detectResources({ detectors: [resources.envDetector] })),
    sampler: samplerFor(sdk, config),
    spanProcessors: exporters.map((exporter) => new sdk.BatchSpanProcessor({ exporter, ...config.batch })),
  });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const propagators = config.propagators.map((name) =>
    name === "tracecontext" ? new core.W3CTraceContextPropagator() : new core.W3CBaggagePropagator(),
  );
  api.propagation.setGlobalPropagator(new core.CompositePropagator({ propagators }));
  api.trace.setGlobalTracerProvider(provider);
  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    flush: () => provider.forceFlush(),
    // A receiver that is down must not fail or stall a service's shutdown: the last spans
    // get `shutdownTimeoutMs`, and are dropped if they cannot go.
    shutdown: () =>
      (stopping ??= within(provider.shutdown(), options.shutdownTimeoutMs ?? 2000).finally(() => {
        api.trace.disable();
        api.propagation.disable();
        api.context.disable();
      })),
  };
}

function exporterFor(sdk: Sdk, name: TracingConfig["exporters"][number], config: TracingConfig): SpanExporter {
  if (name === "console") return new sdk.ConsoleSpanExporter();
  // Both read OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT, _HEADERS, _TIMEOUT and _COMPRESSION.
  if (config.protocol === "http/json") {
    const { OTLPTraceExporter } =
      require("@opentelemetry/exporter-trace-otlp-http") as typeof import("@opentelemetry/exporter-trace-otlp-http");
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } =
    require("@opentelemetry/exporter-trace-otlp-proto") as typeof import("@opentelemetry/exporter-trace-otlp-proto");
  return new OTLPTraceExporter();
}

function samplerFor(sdk: Sdk, config: TracingConfig) {
  const ratio = () => new sdk.TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case "always_on":
      return new sdk.AlwaysOnSampler();
    case "always_off":
      return new sdk.AlwaysOffSampler();
    case "traceidratio":
      return ratio();
    case "parentbased_always_on":
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() });
    case "parentbased_always_off":
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new sdk.ParentBasedSampler({ root: ratio() });
  }
}
