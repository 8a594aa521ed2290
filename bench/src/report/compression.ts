// The compression section of docs/benchmarks.md: replies through the gateway and request
// bodies from our client, each size with and without gzip, and what gzip buys per size:
// the bytes it saves against the CPU it adds, as the link speed below which sending the
// saved bytes would take longer than compressing them (bytes/µs = MB/s; × 8 = Mbit/s).
import type { CompressionResults } from "../compression/bench";
import type { Machine } from "../machine";
import { cellOf, summarize, type Cell, type Summary } from "../results";
import type { Settings } from "../settings";

// `|| 0`: no "-0" for a saving that rounds to nothing.
const count = (value: number) => (Math.round(value) || 0).toLocaleString("en-US");
const row = (cells: readonly (string | number)[]) => `| ${cells.join(" | ")} |`;

/** The link speed under which `savedBytes` take longer to send than `extraUs` of CPU. */
function paysBelow(savedBytes: number, extraUs: number): string {
  if (savedBytes <= 0) return "never: no bytes saved";
  if (extraUs <= 0) return "always: no CPU added (within noise)";
  const mbits = (savedBytes * 8) / extraUs;
  return mbits >= 1000 ? `${(mbits / 1000).toFixed(1)} Gbit/s` : `${Math.round(mbits)} Mbit/s`;
}

/** A row per cell: what it is, bytes per call, req/s with its spread, then `rest` of its summary. */
function rows(cells: readonly Cell[], rest: (summary: Summary) => string[]): string[] {
  return cells.map((cell) => {
    const summary = summarize(cell);
    const { bytes, rpsMedian, rpsMin, rpsMax } = summary;
    return row([
      cell.label,
      cell.group,
      count(bytes),
      count(rpsMedian),
      `${count(rpsMin)}–${count(rpsMax)}`,
      ...rest(summary),
    ]);
  });
}

const replyRows = (cells: readonly Cell[]) =>
  rows(cells, ({ p99Ms, cpuUs }) => [p99Ms.toFixed(2), String(Math.round(cpuUs))]);

const requestRows = (cells: readonly Cell[]) =>
  rows(cells, ({ cpuUs, serverCpuUs }) => [String(Math.round(cpuUs)), String(Math.round(serverCpuUs))]);

/** Per size: bytes saved, CPU added, and the break-even link speed, for each use of gzip. */
function paysRows(results: CompressionResults, groups: readonly string[]): string[] {
  return groups.map((group) => {
    const reply = (id: string) => summarize(cellOf(results.replies, id, group));
    const request = (id: string) => summarize(cellOf(results.requests, id, group));
    const gateway = [reply("gateway-plain"), reply("gateway-gzip")] as const;
    const cached = [reply("cached-plain"), reply("cached-gzip")] as const;
    const sent = [request("ours"), request("ours+gzip")] as const;
    const replySaved = gateway[0].bytes - gateway[1].bytes;
    const replyUs = gateway[1].cpuUs - gateway[0].cpuUs;
    const hitUs = cached[1].cpuUs - cached[0].cpuUs;
    const requestSaved = sent[0].bytes - sent[1].bytes;
    const requestUs = sent[1].cpuUs + sent[1].serverCpuUs - (sent[0].cpuUs + sent[0].serverCpuUs);
    return row([
      group,
      count(replySaved),
      String(Math.round(replyUs)),
      paysBelow(replySaved, replyUs),
      String(Math.round(hitUs)),
      paysBelow(cached[0].bytes - cached[1].bytes, hitUs),
      count(requestSaved),
      String(Math.round(requestUs)),
      paysBelow(requestSaved, requestUs),
    ]);
  });
}

export function renderCompression(
  settings: Settings,
  machine: Machine,
  results: CompressionResults,
  groups: readonly string[],
): string {
  const { durationS, rounds, warmupS, connections } = settings;
  return [
    `Produced by \`make bench\` (BENCH_DURATION=${durationS} BENCH_ROUNDS=${rounds} BENCH_WARMUP=${warmupS}` +
      ` BENCH_CONNECTIONS=${connections}) on ${new Date().toISOString().slice(0, 10)}, on the machine above` +
      ` (load average ${machine.loadAtStart.toFixed(2)} when the run started). Payloads: text records, sizes as the echo message.`,
    "",
    `#### Replies through the gateway: wrk, ${connections} connections, with and without \`Accept-Encoding: gzip\``,
    "",
    row(["call", "payload", "bytes/reply", "req/s", "min–max", "p99 ms", "CPU µs/req"]),
    row(["---", "---", "---:", "---:", "---:", "---:", "---:"]),
    ...replyRows(results.replies),
    "",
    `#### Requests: our client, ${connections} calls in flight, to (2) Koa + our Thrift middleware alone`,
    "",
    row(["client", "payload", "body bytes", "calls/s", "min–max", "client CPU µs/call", "server CPU µs/call"]),
    row(["---", "---", "---:", "---:", "---:", "---:", "---:"]),
    ...requestRows(results.requests),
    "",
    "#### What gzip buys, by size: bytes saved, CPU added, and the link speed below which it pays",
    "",
    row([
      "payload",
      "reply bytes saved",
      "gateway CPU µs added",
      "pays below",
      "cache hit CPU µs added",
      "pays below",
      "request bytes saved",
      "client + server CPU µs added",
      "pays below",
    ]),
    row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]),
    ...paysRows(results, groups),
  ].join("\n");
}
