// Structured logs on pino: one JSON object per line, ready for any log collector.
import { hostname } from "node:os";
import pino from "pino";

export type Logger = pino.Logger;
export type LogLevel = pino.LevelWithSilent;

/** The levels a configuration may name, most verbose last. */
export const logLevels: readonly LogLevel[] = ["silent", "fatal", "error", "warn", "info", "debug", "trace"];

export interface LoggerOptions {
  /** Lowest level written (`silent` writes nothing). */
  level: LogLevel;
  /** Written on every line as `name` (pino's convention), so the lines of several services can be told apart. */
  name: string;
  /** Where lines go; standard output by default. Tests pass a stream to read lines back. */
  destination?: pino.DestinationStream;
}

// Credentials must never reach a log, in the objects headers travel in. Fixed paths
// only: a wildcard would make pino walk every logged object, once per line.
const redact = ["authorization", "headers.authorization", "req.headers.authorization"];

export function createLogger(options: LoggerOptions): Logger {
  if (!logLevels.includes(options.level)) {
    throw new TypeError(`createLogger: unknown level "${options.level}"; use one of ${logLevels.join(", ")}`);
  }
  return pino(
    {
      level: options.level,
      name: options.name,
      base: { hostname: hostname(), pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redact, censor: "[redacted]" },
    },
    options.destination,
  );
}
