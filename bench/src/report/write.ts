// Writes the run into docs/: the chart, and the generated section of benchmarks.md
// between its markers. The prose around the markers is written by hand and kept.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CompressionResults } from "../compression/bench";
import type { Machine } from "../machine";
import { cellOf, summarize, type Cell } from "../results";
import { renderCompression } from "./compression";
import type { Settings } from "../settings";
import { renderMarkdown, today, type RunResults } from "./markdown";
import { barChart, type Panel } from "./svg";
import { checkTargets } from "./targets";

const begin = "<!-- bench:begin (written by `make bench`: edit around this section, not inside) -->";
const end = "<!-- bench:end -->";
const compressionBegin =
  "<!-- bench:compression:begin (written by `make bench`: edit around this section, not inside) -->";
const compressionEnd = "<!-- bench:compression:end -->";

export function writeReport(
  settings: Settings,
  run: RunResults,
  payloads: readonly string[],
  inFlight: readonly number[],
): void {
  const docs = join(settings.root, "docs");
  const targets = checkTargets(run.servers, run.clients, payloads, inFlight);
  replaceSection(join(docs, "benchmarks.md"), begin, end, renderMarkdown(settings, run, targets));
  writeFileSync(join(docs, "benchmarks.svg"), chart(settings, run));
}

/** Writes the compression rows into their own section, alone (`BENCH_ONLY=compression`) or after the rest. */
export function writeCompressionReport(
  settings: Settings,
  machine: Machine,
  results: CompressionResults,
  groups: readonly string[],
): void {
  const file = join(settings.root, "docs", "benchmarks.md");
  replaceSection(file, compressionBegin, compressionEnd, renderCompression(settings, machine, results, groups));
}

function replaceSection(file: string, from: string, to: string, content: string): void {
  const text = existsSync(file) ? readFileSync(file, "utf8") : `# Benchmarks\n\n${from}\n${to}\n`;
  const start = text.indexOf(from);
  const stop = text.indexOf(to);
  if (start < 0 || stop < start) throw new Error(`${file} lacks the markers of a generated section: ${from} … ${to}`);
  writeFileSync(file, `${text.slice(0, start)}${from}\n${content}\n${to}${text.slice(stop + to.length)}`);
}

/** One chart row per contestant, one bar per group, each labelled with its ratio to `baseline`. */
function panel(title: string, unit: string, cells: readonly Cell[], baseline: string, baselineName: string): Panel {
  const ids = [...new Set(cells.map((cell) => cell.id))];
  const bar = (cell: Cell) => {
    const summary = summarize(cell);
    const ratio = summary.rpsMedian / summarize(cellOf(cells, baseline, cell.group)).rpsMedian;
    return {
      group: cell.group,
      median: summary.rpsMedian,
      min: summary.rpsMin,
      max: summary.rpsMax,
      note: `${ratio.toFixed(2)}× ${baselineName}`,
    };
  };
  return {
    title,
    unit,
    rows: ids.map((id) => {
      const own = cells.filter((cell) => cell.id === id);
      return { label: own[0]!.label, bars: own.map(bar) };
    }),
  };
}

function chart(settings: Settings, run: RunResults): string {
  const { machine } = run;
  const { durationS, rounds, connections } = settings;
  const subtitle =
    `make bench: ${rounds} rounds of ${durationS} s, ${connections} connections · ${machine.cores} cores` +
    ` (${machine.cpu}) · Node ${machine.node} · nginx ${machine.nginx} · ${today()}`;
  const title = "Thrift over HTTP: the starter against its baselines (median of rounds, whiskers min–max)";
  return barChart(title, subtitle, [
    panel("Servers: requests/s under wrk", "req/s", run.servers, "bare", "(1)"),
    panel("Clients: calls/s against (1)", "calls/s", run.clients, "undici", "undici"),
  ]);
}
