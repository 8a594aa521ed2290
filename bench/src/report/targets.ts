// The targets, checked against the run's numbers. Shown in the report, never
// asserted: a missed target is a finding to explain, not a failed build.
import { inFlightGroup } from "../client-bench";
import { cellOf, summarize, type Cell } from "../results";

export interface TargetCheck {
  target: string;
  group: string;
  /** The measured value, e.g. `0.91×`. */
  measured: string;
  met: boolean;
}

export function checkTargets(
  servers: readonly Cell[],
  clients: readonly Cell[],
  payloads: readonly string[],
  inFlight: readonly number[],
): TargetCheck[] {
  const rps = (cells: readonly Cell[], id: string, group: string) => summarize(cellOf(cells, id, group)).rpsMedian;
  const p99 = (id: string, group: string) => summarize(cellOf(servers, id, group)).p99Ms;
  const checks: TargetCheck[] = [];
  const check = (target: string, group: string, value: number, met: boolean) =>
    checks.push({ target, group, measured: `${value.toFixed(2)}×`, met });
  for (const group of payloads) {
    const ours = rps(servers, "ours", group);
    const bare = rps(servers, "bare", group);
    check("ours direct ≥ 0.85× (1) req/s", group, ours / bare, ours / bare >= 0.85);
    const p99Ratio = p99("ours", group) / p99("bare", group);
    check("ours direct p99 ≤ 1.3× (1) p99", group, p99Ratio, p99Ratio <= 1.3);
    // Each hop as the share of its server's req/s it keeps, the gateway's against the bare one's.
    const hops = rps(servers, "gateway", group) / ours / (rps(servers, "bare-proxy", group) / bare);
    check("gateway hop ≥ 0.9× bare nginx hop: (gateway / ours) / (bare nginx / (1))", group, hops, hops >= 0.9);
    const cached = rps(servers, "cached", group) / ours;
    check("cache hit through the gateway ≥ 3× ours direct", group, cached, cached >= 3);
  }
  for (const level of inFlight) {
    const group = inFlightGroup(level);
    const ours = rps(clients, "ours", group);
    const apache = ours / rps(clients, "apache", group);
    check("our client ≥ 1.2× Apache's calls/s", group, apache, apache >= 1.2);
    const undici = ours / rps(clients, "undici", group);
    check("our client ≥ 0.85× undici's request loop", group, undici, undici >= 0.85);
  }
  return checks;
}
