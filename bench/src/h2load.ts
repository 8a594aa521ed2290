// One load run over HTTP/2 with h2load (Debian's nghttp2-client): a single thread on the
// load core, `connections` TLS connections with `streams` calls in flight on each, for
// `seconds`, closed loop as wrk. The latencies come from its per-request log, since
// h2load prints no percentiles.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Target } from "./contestants";
import { pinned } from "./pinning";
import { output } from "./processes";
import type { WrkRun } from "./wrk";

export async function runH2load(
  work: string,
  target: Target,
  seconds: number,
  connections: number,
  streams: number,
): Promise<WrkRun> {
  const log = join(work, "h2load.log");
  rmSync(log, { force: true });
  const args = ["-t1", `-c${connections}`, `-m${streams}`, "-D", String(seconds), `--log-file=${log}`];
  for (const [name, value] of Object.entries(target.headers)) args.push("-H", `${name}: ${value}`);
  if (target.bodyFile !== undefined) args.push("-d", target.bodyFile);
  args.push(target.url);
  const [command, pinnedArgs] = pinned("load", "h2load", args);
  const printed = await output(command, pinnedArgs, {});
  const counts = /requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(
    printed,
  );
  const finished = /finished in ([\d.]+)(m?s),/.exec(printed);
  // Bytes received, decrypted: HTTP/2 frames (HPACK headers, data, the connection's own).
  const traffic = /traffic: \S+ \((\d+)\) total/.exec(printed);
  if (!counts || !finished || !traffic) throw new Error(`h2load ${target.url}: unexpected output:\n${printed}`);
  const [done, succeeded, failed, errored] = counts.slice(2).map(Number) as [number, number, number, number];
  // When the time is up h2load stops its clients and counts the calls then in flight as
  // failed: at most one per stream. Anything more, or any status of 400 and above, fails.
  const inFlight = connections * streams;
  if (failed > inFlight || errored > inFlight || succeeded === 0 || !/\b0 4xx, 0 5xx/.test(printed)) {
    throw new Error(`h2load ${target.url}: ${done} done, ${failed} failed, ${errored} errored:\n${printed}`);
  }
  // Each line: start time (µs since the epoch), status, time to the whole response (µs).
  const latencies = readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => Number(line.split("\t")[2]))
    .sort((a, b) => a - b);
  rmSync(log, { force: true });
  const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))]! / 1000;
  const elapsedS = Number(finished[1]) / (finished[2] === "ms" ? 1000 : 1);
  const bytes = Number(traffic[1]) / succeeded;
  return { requests: succeeded, rps: succeeded / elapsedS, p50Ms: at(0.5), p99Ms: at(0.99), bytes };
}
