// What a service's tracing is, read from OpenTelemetry's standard variables, checked at
// start: a misspelt sampler or an unsupported protocol stops the process with a plain
// message instead of silently tracing nothing. An empty variable counts as unset (the
// specification's rule, and what a compose file's `${VAR:-}` passes).
//
//   OTEL_TRACES_EXPORTER         otlp, console or none, or a comma list. Unset: otlp when an
//                                OTLP endpoint is set, else none (no SDK loaded at all)
//   OTEL_SDK_DISABLED            true: nothing traced, whatever else is set
//   OTEL_EXPORTER_OTLP_PROTOCOL  http/protobuf (default) or http/json; _TRACES_PROTOCOL first
//   OTEL_EXPORTER_OTLP_ENDPOINT  …_HEADERS, …_TIMEOUT, …_COMPRESSION and their _TRACES_
//                                forms are read by the exporter itself
//   OTEL_SERVICE_NAME            the resource's service.name (default: the service's name);
//                                OTEL_RESOURCE_ATTRIBUTES adds attributes
//   OTEL_TRACES_SAMPLER          always_on, always_off, traceidratio, parentbased_always_on
//                                (default), parentbased_always_off, parentbased_traceidratio;
//                                OTEL_TRACES_SAMPLER_ARG the ratio, 0 to 1 (default 1)
//   OTEL_PROPAGATORS             tracecontext and/or baggage, or none (default: both)
//   OTEL_BSP_SCHEDULE_DELAY, OTEL_BSP_EXPORT_TIMEOUT (ms), OTEL_BSP_MAX_QUEUE_SIZE,
//   OTEL_BSP_MAX_EXPORT_BATCH_SIZE  the batch span processor's settings
import { ConfigError } from "./config";

export type TracesExporterName = "otlp" | "console";
export type OtlpProtocol = "http/protobuf" | "http/json";
export type SamplerName =
  | "always_on"
  | "always_off"
  | "traceidratio"
  | "parentbased_always_on"
  | "parentbased_always_off"
  | "parentbased_traceidratio";
export type PropagatorName = "tracecontext" | "baggage";

export interface BatchSettings {
  /** Delay between two exports, in ms (OTEL_BSP_SCHEDULE_DELAY). */
  scheduledDelayMillis?: number;
  /** Longest an export may take, in ms (OTEL_BSP_EXPORT_TIMEOUT). */
  exportTimeoutMillis?: number;
  /** Spans kept waiting; more are dropped (OTEL_BSP_MAX_QUEUE_SIZE). */
  maxQueueSize?: number;
  /** Spans per export (OTEL_BSP_MAX_EXPORT_BATCH_SIZE). */
  maxExportBatchSize?: number;
}

export interface TracingConfig {
  /** Where spans go; empty: tracing is off. */
  readonly exporters: readonly TracesExporterName[];
  readonly protocol: OtlpProtocol;
  readonly sampler: SamplerName;
  /** The ratio of the `traceidratio` samplers. */
  readonly samplerRatio: number;
  readonly propagators: readonly PropagatorName[];
  readonly batch: BatchSettings;
}

type Env = Readonly<Record<string, string | undefined>>;

const samplers: readonly SamplerName[] = [
  "always_on",
  "always_off",
  "traceidratio",
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
];

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function list(env: Env, name: string): string[] | undefined {
  return read(env, name)
    ?.split(",")
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== "");
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
}

function count(env: Env, name: string, min: number): number | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min) {
    throw new ConfigError(`${name} must be an integer of at least ${min}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** The tracing settings of `env` (process.env by default); throws a `ConfigError` for a bad value. */
export function tracingConfigFromEnv(env: Env = process.env): TracingConfig {
  const disabled = read(env, "OTEL_SDK_DISABLED")?.toLowerCase() === "true";
  const endpoint = read(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") ?? read(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
  const named = list(env, "OTEL_TRACES_EXPORTER") ?? [endpoint === undefined ? "none" : "otlp"];
  const exporters = named.map((name) => oneOf("OTEL_TRACES_EXPORTER", name, ["otlp", "console", "none"] as const));
  const protocolName =
    read(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") ?? read(env, "OTEL_EXPORTER_OTLP_PROTOCOL") ?? "http/protobuf";
  if (protocolName === "grpc") {
    throw new ConfigError(
      "OTEL_EXPORTER_OTLP_PROTOCOL grpc is not supported: use http/protobuf or http/json (an OTLP receiver's port 4318)",
    );
  }
  const protocol = oneOf("OTEL_EXPORTER_OTLP_PROTOCOL", protocolName, ["http/protobuf", "http/json"] as const);
  const sampler = oneOf(
    "OTEL_TRACES_SAMPLER",
    read(env, "OTEL_TRACES_SAMPLER")?.toLowerCase() ?? "parentbased_always_on",
    samplers,
  );
  const ratioText = read(env, "OTEL_TRACES_SAMPLER_ARG");
  const samplerRatio = ratioText === undefined ? 1 : Number(ratioText);
  if (
    sampler.endsWith("traceidratio") &&
    !(samplerRatio >= 0 && samplerRatio <= 1 && /^[\d.eE+-]+$/.test(ratioText ?? "1"))
  ) {
    throw new ConfigError(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got ${JSON.stringify(ratioText)}`);
  }
  const propagatorNames = list(env, "OTEL_PROPAGATORS") ?? ["tracecontext", "baggage"];
  const propagators = propagatorNames
    .map((name) => oneOf("OTEL_PROPAGATORS", name, ["tracecontext", "baggage", "none"] as const))
    .filter((name): name is PropagatorName => name !== "none");
  const batch: BatchSettings = {};
  const delay = count(env, "OTEL_BSP_SCHEDULE_DELAY", 0);
  if (delay !== undefined) batch.scheduledDelayMillis = delay;
  const timeout = count(env, "OTEL_BSP_EXPORT_TIMEOUT", 1);
  if (timeout !== undefined) batch.exportTimeoutMillis = timeout;
  const queue = count(env, "OTEL_BSP_MAX_QUEUE_SIZE", 1);
  if (queue !== undefined) batch.maxQueueSize = queue;
  const size = count(env, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 1);
  if (size !== undefined) batch.maxExportBatchSize = size;
  if ((batch.maxExportBatchSize ?? 512) > (batch.maxQueueSize ?? 2048)) {
    throw new ConfigError("OTEL_BSP_MAX_EXPORT_BATCH_SIZE must not be above OTEL_BSP_MAX_QUEUE_SIZE");
  }
  return {
    exporters: disabled ? [] : [...new Set(exporters.filter((name): name is TracesExporterName => name !== "none"))],
    protocol,
    sampler,
    samplerRatio,
    propagators,
    batch,
  };
}
