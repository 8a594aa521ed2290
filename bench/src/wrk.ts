// One load run with wrk: a single thread (on the load core) keeping `connections`
// connections busy for `seconds`, as fast as the server answers (a closed loop).
import { join } from "node:path";
import type { Target } from "./contestants";
import { pinned } from "./pinning";
import { output } from "./processes";

export interface WrkRun {
  requests: number;
  /** Requests per second over the run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Bytes read per request: the reply as sent, headers and chunk framing included. */
  bytes: number;
}

interface WrkResult {
  requests: number;
  durationUs: number;
  p50Us: number;
  p99Us: number;
  failed: number;
  non2xx: number;
  bytes: number;
}

export async function runWrk(root: string, target: Target, seconds: number, connections: number): Promise<WrkRun> {
  const args = ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "5s", "-s", join(root, "bench/wrk/call.lua")];
  for (const [name, value] of Object.entries(target.headers)) args.push("-H", `${name}: ${value}`);
  args.push(target.url);
  const [command, pinnedArgs] = pinned("load", "wrk", args);
  const env = target.bodyFile === undefined ? {} : { BENCH_BODY: target.bodyFile };
  const stdout = await output(command, pinnedArgs, env);
  const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as WrkResult;
  if (result.failed > 0 || result.non2xx > 0 || result.requests === 0) {
    const { requests, failed, non2xx } = result;
    throw new Error(`wrk ${target.url}: ${requests} requests, ${failed} failed, ${non2xx} answered 400 or above`);
  }
  return {
    requests: result.requests,
    rps: result.requests / (result.durationUs / 1e6),
    p50Ms: result.p50Us / 1000,
    p99Ms: result.p99Us / 1000,
    bytes: result.bytes / result.requests,
  };
}
