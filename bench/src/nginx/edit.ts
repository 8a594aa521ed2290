// Adapts a copy of the gateway's nginx config for the benchmark, one exact replacement
// at a time, so a config that changed is noticed rather than measured half-adapted.
import { readFileSync, writeFileSync } from "node:fs";

/**
 * Replaces `from` by `to` in a config file, and fails when `from` is not there: a
 * gateway config that changed must not go on being measured half-adapted.
 */
export function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) {
    throw new Error(`${file} no longer contains ${JSON.stringify(from)}: update bench/src/nginx/`);
  }
  writeFileSync(file, text.replaceAll(from, to));
}
