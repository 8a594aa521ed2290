// The compression rows: what gzip saves and costs, by payload size. Replies: the gateway's
// gzip (Accept-Encoding: gzip or none), on calls passed to the service and on cache hits,
// loaded with wrk as the server table is; bytes per reply are what wrk read, headers and
// chunk framing included. Requests: our client with and without sendCompression gzip,
// calling the Koa adapter alone (no auth needed; it inflates as the services do), each run
// in a fresh process; the server's CPU is read around the run.
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { encodeCall } from "@starter/shared/core";
import { Echo } from "@starter/echo/dist/gen/echo";
import { callerLabels, type CallerName } from "../client/callers";
import type { Contestant } from "../contestants";
import { cpuSecondsSince, readCpu } from "../cpu";
import type { Payload } from "../payloads";
import { pinned } from "../pinning";
import { output } from "../processes";
import type { Cell, Sample } from "../results";
import { benchServers } from "../server-bench";
import type { Settings } from "../settings";
import type { Stack } from "../stack";

export interface CompressionResults {
  /** Per payload: gateway-plain, gateway-gzip, cached-plain, cached-gzip. */
  replies: Cell[];
  /** Per payload: ours, ours+gzip. */
  requests: Cell[];
}

const thrift = { "content-type": "application/x-thrift" };
const gzip = { "accept-encoding": "gzip" };

export function compressionContestants(stack: Stack): Contestant[] {
  const { ports, authorization } = stack;
  const gateway = `https://127.0.0.1:${ports.gateway}`;
  const post = (extra: Record<string, string>) => (payload: Payload) => ({
    url: `${gateway}/echo`,
    headers: { ...thrift, authorization, ...extra },
    bodyFile: payload.callFile,
  });
  const get = (extra: Record<string, string>) => (payload: Payload) => ({
    url: `${gateway}${payload.getPath}`,
    headers: { authorization, ...extra },
  });
  return [
    { id: "gateway-plain", label: "echo through the gateway", servedBy: ["gateway", "ours"], target: post({}) },
    { id: "gateway-gzip", label: "echo through the gateway, gzip", servedBy: ["gateway", "ours"], target: post(gzip) },
    { id: "cached-plain", label: "cache hit", servedBy: ["gateway", "data"], target: get({}) },
    { id: "cached-gzip", label: "cache hit, gzip", servedBy: ["gateway", "data"], target: get(gzip) },
  ];
}

export const requestCallers: readonly CallerName[] = ["ours", "ours+gzip"];

export async function benchCompression(
  settings: Settings,
  stack: Stack,
  payloads: readonly Payload[],
): Promise<CompressionResults> {
  const replies = await benchServers(settings, stack, compressionContestants(stack), payloads);
  const requests = await benchRequests(settings, stack, payloads);
  return { replies, requests };
}

async function benchRequests(settings: Settings, stack: Stack, payloads: readonly Payload[]): Promise<Cell[]> {
  const { root, connections, durationS, warmupS, rounds } = settings;
  const origin = `http://127.0.0.1:${stack.ports.adapter}`;
  const main = join(root, "bench/dist/client/main.js");
  const runs = payloads.flatMap((payload) =>
    requestCallers.map((name) => {
      const cell: Cell = { id: name, label: callerLabels[name], group: payload.name, samples: [] };
      return { name, payload, cell };
    }),
  );
  const child = (name: CallerName, payload: Payload, seconds: number) => {
    const args = [name, connections, 0, seconds, origin, payload.message.length, "records"].map(String);
    const [command, pinnedArgs] = pinned("load", process.execPath, [main, ...args]);
    return output(command, pinnedArgs);
  };
  if (warmupS > 0) {
    console.error(`bench: warming up ${runs.length} request compression runs, ${warmupS} s each`);
    for (const { name, payload } of runs) await child(name, payload, warmupS);
  }
  for (let round = 1; round <= rounds; round++) {
    for (const { name, payload, cell } of runs) {
      const before = readCpu(stack.pids("adapter"));
      const sample = JSON.parse(await child(name, payload, durationS)) as Sample;
      sample.serverCpuUs = (cpuSecondsSince(before) * 1e6) / sample.calls!;
      sample.bytes = requestBytes(name, payload);
      cell.samples.push(sample);
      console.error(
        `bench: round ${round}/${rounds}, ${payload.name}, ${cell.label}: ${Math.round(sample.rps)} calls/s`,
      );
    }
  }
  return runs.map(({ cell }) => cell);
}

/** The request body as the client sends it: the call, gzipped at the client's level 1 when that is smaller. */
function requestBytes(name: CallerName, payload: Payload): number {
  const call = encodeCall(Echo.methods.echo, [{ msg: payload.message }], 0, "binary");
  return name === "ours+gzip" ? Math.min(call.length, gzipSync(call, { level: 1 }).length) : call.length;
}
