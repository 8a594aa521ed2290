// Structured logs on pino: one JSON object per line, ready for any log collector.
import { hostname } from "node:os";
import { context, trace } from "@opentelemetry/api";
import pino from "pino";
import { registeredTracer } from "../core/tracer";
import { safeError, safeLogFields, safeMessage } from "./log-safety";
import { createOutputSink } from "./output-sink";

export type Logger = pino.Logger;
export type LogLevel = pino.LevelWithSilent;

/** The levels a configuration may name, most verbose last. */
export const logLevels: readonly LogLevel[] = ["silent", "fatal", "error", "warn", "info", "debug", "trace"];

export interface LoggerOptions {
  /** Lowest level written (`silent` writes nothing). */
  level: LogLevel;
  /** Written on every line as `name` (pino's convention), so the lines of several services can be told apart. */
  name: string;
  /**
   * Where lines go. By default standard output, lines written together, at most
   * `logBatchDelayMs` late (see `writeBatched`). Tests pass a stream to read lines back.
   */
  destination?: pino.DestinationStream;
}

// Credentials must never reach a log, in the objects headers travel in. Fixed paths
// only: a wildcard would make pino walk every logged object, once per line. Deeper ones,
// and those in errors and messages, are found by log-safety.ts.
const credentialHeaders = ["authorization", "proxy-authorization", "cookie", "set-cookie"];
const redact = credentialHeaders.flatMap((name) => [name, `headers["${name}"]`, `req.headers["${name}"]`]);

// pino's isoTime formats a Date per line, a share of every call's cost; the date and
// time change once a second, so that part is formatted once a second.
let second = -1;
let prefix = "";
function isoTime(): string {
  const now = Date.now();
  const ms = now % 1000;
  if (now - ms !== second) {
    second = now - ms;
    prefix = `,"time":"${new Date(second).toISOString().slice(0, 20)}`;
  }
  return `${prefix}${ms < 10 ? "00" : ms < 100 ? "0" : ""}${ms}Z"`;
}

/** Where lines go: anything with `write`, as pino's destinations. */
export interface LineSink {
  write(text: string): unknown;
}

/** How long a line may wait to be written, in ms (standard output's batching). */
export const logBatchDelayMs = 50;
/** Bytes of lines pending past which they are written at once (standard output's batching). */
export const logBatchBytes = 64 * 1024;

export interface BatchOptions {
  /** Longest wait of a pending line, in ms; `logBatchDelayMs` (50) by default. */
  maxDelayMs?: number;
  /** Pending bytes (UTF-16 code units) that are written at once; `logBatchBytes` (64 KiB) by default. */
  maxBytes?: number;
}

/**
 * A destination that gathers lines and writes them together: when the first pending
 * line is `maxDelayMs` old, when `maxBytes` are pending, or at once for a line at warn or
 * above (createLogger's numeric levels), after those pending, so that what precedes a
 * failure is on record as soon as the failure is. A write per access-log line cost about
 * 7 µs of CPU per call, and a write per event-loop turn (a `setImmediate`, which keeps the
 * loop from waiting for more events) about 3 (docs/benchmarks.md). `flush()` writes what
 * is pending at once; the timer does not keep the process alive.
 */
export function writeBatched(
  sink: LineSink,
  options: BatchOptions = {},
): pino.DestinationStream & { flush(done?: () => void): void } {
  const { maxDelayMs = logBatchDelayMs, maxBytes = logBatchBytes } = options;
  let pending: string[] = [];
  let bytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = (done?: () => void) => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length > 0) {
      const text = pending.length === 1 ? pending[0]! : pending.join("");
      pending = [];
      bytes = 0;
      sink.write(text);
    }
    done?.();
  };
  return {
    write(line: string) {
      pending.push(line);
      bytes += line.length;
      // `{"level":40` and above: warn, error, fatal.
      if (bytes >= maxBytes || line.charCodeAt(9) >= 52) flush();
      else if (timer === undefined) timer = setTimeout(flush, maxDelayMs).unref();
    },
    flush,
  };
}

// Standard output, shared by every logger of the process, so their lines keep their
// order: batched, then written without ever waiting for room (output-sink.ts). A line
// pending when the process exits, even on an uncaught error, is still written.
let stdout: ReturnType<typeof writeBatched> | undefined;
function standardOutput(): pino.DestinationStream {
  if (stdout === undefined) {
    const sink = createOutputSink();
    const out = writeBatched(sink);
    process.on("exit", () => {
      out.flush();
      sink.drainSync();
    });
    stdout = out;
  }
  return stdout;
}

/**
 * The ids of the active span (the call's, server/tracing.ts), on every line written
 * while it runs, so a log line leads to its trace and back. pino merges into the object
 * returned, so a new one each time.
 */
function traceIds(): { traceId?: string; spanId?: string } {
  const span = trace.getSpan(context.active());
  if (span === undefined) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

// The loggers made here: their lines have a shape call-line.ts can write without pino
// (no custom level or message key, no hooks). Child loggers are not in it.
const made = new WeakSet<Logger>();

/** Whether `logger` was made by createLogger, its lines shaped as createLogger sets them. */
export function madeByCreateLogger(logger: Logger): boolean {
  return made.has(logger);
}

export function createLogger(options: LoggerOptions): Logger {
  if (!logLevels.includes(options.level)) {
    throw new TypeError(`createLogger: unknown level "${options.level}"; use one of ${logLevels.join(", ")}`);
  }
  const logger = pino(
    {
      level: options.level,
      name: options.name,
      base: { hostname: hostname(), pid: process.pid },
      timestamp: isoTime,
      redact: { paths: redact, censor: "[redacted]" },
      // Every line goes through these (log-safety.ts): no credential, no raw request
      // bytes, no message or field past a few hundred characters, no error past 4 KiB.
      serializers: { err: safeError, msg: safeMessage },
      formatters: { log: safeLogFields },
      // Only when the program traces (a tracer provider registered before the logger is
      // made, as a service's main does): otherwise no call per line.
      ...(registeredTracer() === undefined ? {} : { mixin: traceIds }),
    },
    options.destination ?? standardOutput(),
  );
  made.add(logger);
  return logger;
}
