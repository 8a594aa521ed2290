// A logger whose lines a test can read back as objects, and as the text written.
import { createLogger, type Logger, type LogLevel } from "../logger";

export function captureLogs(level: LogLevel = "debug"): {
  logger: Logger;
  lines: Record<string, unknown>[];
  text: string[];
} {
  const lines: Record<string, unknown>[] = [];
  const text: string[] = [];
  const logger = createLogger({
    level,
    name: "test",
    destination: {
      write: (line: string) => {
        text.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  return { logger, lines, text };
}
