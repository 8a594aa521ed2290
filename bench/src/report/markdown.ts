// The generated part of docs/benchmarks.md: how the run was made, on what, and its tables.
import { clientMessageBytes } from "../client-bench";
import type { Machine } from "../machine";
import type { PeakMemory } from "../memory";
import { cellOf, summarize, type Cell } from "../results";
import type { Settings } from "../settings";
import type { TargetCheck } from "./targets";

export interface RunResults {
  machine: Machine;
  loadAtEnd: number;
  minutes: number;
  servers: Cell[];
  /** Each Node server's peak resident set over the server rounds. */
  memory: PeakMemory[];
  clients: Cell[];
}

const count = (value: number) => Math.round(value).toLocaleString("en-US");
const ms = (value: number) => value.toFixed(2);
const ratio = (value: number) => `${value.toFixed(2)}×`;
const row = (cells: readonly (string | number)[]) => `| ${cells.join(" | ")} |`;

function command(settings: Settings): string {
  const { durationS, rounds, warmupS, connections } = settings;
  return (
    `make bench BENCH_DURATION=${durationS} BENCH_ROUNDS=${rounds} BENCH_WARMUP=${warmupS}` +
    ` BENCH_CONNECTIONS=${connections}`
  );
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The columns every table shares: req/s (median, min–max), p50, p99, CPU per request. */
function measured(cell: Cell): string[] {
  const summary = summarize(cell);
  return [
    count(summary.rpsMedian),
    `${count(summary.rpsMin)}–${count(summary.rpsMax)}`,
    ms(summary.p50Ms),
    ms(summary.p99Ms),
    String(Math.round(summary.cpuUs)),
  ];
}

const timesOf = (cells: readonly Cell[], cell: Cell, id: string) =>
  ratio(summarize(cell).rpsMedian / summarize(cellOf(cells, id, cell.group)).rpsMedian);

export function renderMarkdown(settings: Settings, run: RunResults, targets: readonly TargetCheck[]): string {
  const { machine, servers, memory, clients } = run;
  return [
    `Produced by \`${command(settings)}\` on ${today()}, in ${run.minutes.toFixed(1)} minutes.`,
    "",
    `- Machine: ${machine.cores} cores (${machine.cpu}), ${machine.kernel};` +
      ` Node ${machine.node}, nginx ${machine.nginx}, wrk ${machine.wrk}.`,
    `- Pinning: ${machine.pinning}.`,
    `- Load average (1 min): ${machine.loadAtStart.toFixed(2)} at the start, ${run.loadAtEnd.toFixed(2)} at the end` +
      " (the run itself keeps both cores busy: about 2).",
    `- Each cell: ${settings.warmupS} s warm-up, then ${settings.rounds} rounds of ${settings.durationS} s,` +
      " contestants in turn; req/s is the median of the rounds (min–max beside it), p50/p99 the medians of" +
      " each round's percentiles.",
    "- CPU µs/req: user + system CPU time of the serving processes (nginx and the server behind it) per" +
      " request, from /proc; in the client table, of the client process per call. Another busy process" +
      " skews it far less than req/s.",
    "",
    "![Requests per second by contestant](benchmarks.svg)",
    "",
    `### Servers: wrk, 1 thread, ${settings.connections} connections, keep-alive, closed loop`,
    "",
    row(["contestant", "payload", "req/s", "min–max", "p50 ms", "p99 ms", "CPU µs/req", "× (1)"]),
    row(["---", "---", "---:", "---:", "---:", "---:", "---:", "---:"]),
    ...servers.map((cell) => row([cell.label, cell.group, ...measured(cell), timesOf(servers, cell, "bare")])),
    "",
    "### Memory: each Node server's peak resident set (VmHWM), over every payload's rounds",
    "",
    row(["server", "peak RSS MiB", "× (5) Apache createWebServer"]),
    row(["---", "---:", "---:"]),
    ...memory.map(({ label, peakMiB }) => {
      const apache = memory.find(({ id }) => id === "apache")?.peakMiB;
      return row([label, String(Math.round(peakMiB)), apache === undefined ? "" : ratio(peakMiB / apache)]);
    }),
    "",
    `### Clients: echo calls with a ${clientMessageBytes}-byte message to (1), each run in a fresh process`,
    "",
    row(["client", "in flight", "calls/s", "min–max", "p50 ms", "p99 ms", "CPU µs/call", "× undici", "× Apache"]),
    row(["---", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]),
    ...clients.map((cell) => {
      const ratios = [timesOf(clients, cell, "undici"), timesOf(clients, cell, "apache")];
      return row([cell.label, cell.group, ...measured(cell), ...ratios]);
    }),
    "",
    "### Targets",
    "",
    row(["target", "where", "measured", "met"]),
    row(["---", "---", "---:", ":---:"]),
    ...targets.map((check) => row([check.target, check.group, check.measured, check.met ? "yes" : "**no**"])),
    "",
    "Calls that reach the database (user.getUser past the cache, data.put), through the service against a",
    "bare node-postgres loop: [benchmarks-database.md](benchmarks-database.md), the last step of `make bench`.",
  ].join("\n");
}
