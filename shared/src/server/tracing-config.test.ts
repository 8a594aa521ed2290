// The OTEL_* variables as a service reads them at start: the defaults (off), what turns
// tracing on, and a plain refusal of every value it cannot honour.
import { ConfigError } from "./config";
import { tracingConfigFromEnv } from "./tracing-config";

const defaults = {
  exporters: [],
  protocol: "http/protobuf",
  sampler: "parentbased_always_on",
  samplerRatio: 1,
  propagators: ["tracecontext", "baggage"],
  batch: {},
};

describe("tracingConfigFromEnv", () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose's ${VAR:-}, not JavaScript's.
  test("When nothing is set, or only empty values (compose's ${VAR:-}) Then tracing is off, with the specification's defaults", () => {
    expect(tracingConfigFromEnv({})).toEqual(defaults);
    expect(
      tracingConfigFromEnv({ OTEL_TRACES_EXPORTER: "", OTEL_EXPORTER_OTLP_ENDPOINT: " ", OTEL_TRACES_SAMPLER: "" }),
    ).toEqual(defaults);
  });

  test("When an OTLP endpoint is set Then spans go over OTLP; OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true turn it off again", () => {
    expect(tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).exporters).toEqual(["otlp"]);
    expect(
      tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces" }).exporters,
    ).toEqual(["otlp"]);
    expect(
      tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_TRACES_EXPORTER: "none" }).exporters,
    ).toEqual([]);
    expect(
      tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SDK_DISABLED: "TRUE" }).exporters,
    ).toEqual([]);
    expect(tracingConfigFromEnv({ OTEL_TRACES_EXPORTER: "otlp, console,otlp" }).exporters).toEqual(["otlp", "console"]);
  });

  test("When every setting is given Then each is read", () => {
    expect(
      tracingConfigFromEnv({
        OTEL_TRACES_EXPORTER: "otlp",
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
        OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
        OTEL_TRACES_SAMPLER_ARG: "0.25",
        OTEL_PROPAGATORS: "tracecontext",
        OTEL_BSP_SCHEDULE_DELAY: "200",
        OTEL_BSP_EXPORT_TIMEOUT: "5000",
        OTEL_BSP_MAX_QUEUE_SIZE: "100",
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "10",
      }),
    ).toEqual({
      exporters: ["otlp"],
      protocol: "http/json",
      sampler: "parentbased_traceidratio",
      samplerRatio: 0.25,
      propagators: ["tracecontext"],
      batch: { scheduledDelayMillis: 200, exportTimeoutMillis: 5000, maxQueueSize: 100, maxExportBatchSize: 10 },
    });
    expect(tracingConfigFromEnv({ OTEL_PROPAGATORS: "none" }).propagators).toEqual([]);
  });

  test.each([
    [{ OTEL_TRACES_EXPORTER: "jaeger" }, 'OTEL_TRACES_EXPORTER must be one of otlp, console, none, got "jaeger"'],
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" },
      "OTEL_EXPORTER_OTLP_PROTOCOL grpc is not supported: use http/protobuf or http/json (an OTLP receiver's port 4318)",
    ],
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: "http/xml" },
      'OTEL_EXPORTER_OTLP_PROTOCOL must be one of http/protobuf, http/json, got "http/xml"',
    ],
    [
      { OTEL_TRACES_SAMPLER: "sometimes" },
      'OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio, got "sometimes"',
    ],
    [
      { OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "1.5" },
      'OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "1.5"',
    ],
    [
      { OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "half" },
      'OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "half"',
    ],
    [{ OTEL_PROPAGATORS: "b3" }, 'OTEL_PROPAGATORS must be one of tracecontext, baggage, none, got "b3"'],
    [{ OTEL_BSP_SCHEDULE_DELAY: "-1" }, 'OTEL_BSP_SCHEDULE_DELAY must be an integer of at least 0, got "-1"'],
    [{ OTEL_BSP_MAX_QUEUE_SIZE: "0" }, 'OTEL_BSP_MAX_QUEUE_SIZE must be an integer of at least 1, got "0"'],
    [
      { OTEL_BSP_MAX_QUEUE_SIZE: "10", OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "20" },
      "OTEL_BSP_MAX_EXPORT_BATCH_SIZE must not be above OTEL_BSP_MAX_QUEUE_SIZE",
    ],
  ])("When %j Then a ConfigError saying what to set", (env, message) => {
    expect(() => tracingConfigFromEnv(env)).toThrow(new ConfigError(message));
  });
});
