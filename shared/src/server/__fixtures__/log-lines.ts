// A logger whose lines a test can read back as objects.
import { createLogger, type Logger, type LogLevel } from "../logger";

export function captureLogs(level: LogLevel = "debug"): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level,
    name: "test",
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}
