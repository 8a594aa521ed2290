// The targets, checked against the run's numbers. Shown in the report, never
// asserted: a missed target is a finding to explain, not a failed build. Each ratio is
// taken within each round (the contestants of a round ran within seconds of each other)
// and shown as the median of the rounds with their min–max: on a shared machine, the
// spread says how far to trust it.
import { inFlightGroup } from "../client-bench";
import { median } from "../stats";
import { cellOf, type Cell, type Sample } from "../results";

export interface TargetCheck {
  target: string;
  group: string;
  /** The measured value, e.g. `0.91× (0.85–0.97)`. */
  measured: string;
  met: boolean;
}

type Pick = (sample: Sample) => number;
const rps: Pick = (sample) => sample.rps;
const cpu: Pick = (sample) => sample.cpuUs;
const p99: Pick = (sample) => sample.p99Ms;

export function checkTargets(
  servers: readonly Cell[],
  clients: readonly Cell[],
  payloads: readonly string[],
  inFlight: readonly number[],
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  /** Per round: `value` of the samples of that round, by contestant id. */
  const perRound = (
    cells: readonly Cell[],
    group: string,
    ids: readonly string[],
    value: (...samples: Sample[]) => number,
  ) => {
    const samples = ids.map((id) => cellOf(cells, id, group).samples);
    const rounds = Math.min(...samples.map((list) => list.length));
    return Array.from({ length: rounds }, (_, round) => value(...samples.map((list) => list[round]!)));
  };
  const check = (target: string, group: string, ratios: number[], met: (ratio: number) => boolean) => {
    const middle = median(ratios);
    const spread = `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
    checks.push({ target, group, measured: `${middle.toFixed(2)}× (${spread})`, met: met(middle) });
  };
  const ratio = (cells: readonly Cell[], group: string, a: string, b: string, pick: Pick) =>
    perRound(cells, group, [a, b], (x, y) => pick(x) / pick(y));
  for (const group of payloads) {
    check(
      "ours as deployed ≥ 1.0× Apache createWebServer req/s",
      group,
      ratio(servers, group, "ours", "apache", rps),
      (r) => r >= 1,
    );
    check(
      "ours as deployed CPU µs/req ≤ 1.0× Apache's",
      group,
      ratio(servers, group, "ours", "apache", cpu),
      (r) => r <= 1,
    );
    check(
      "ours as deployed p99 ≤ 1.0× Apache's p99",
      group,
      ratio(servers, group, "ours", "apache", p99),
      (r) => r <= 1,
    );
    check(
      "Koa + our middleware alone ≥ 0.9× (1) req/s",
      group,
      ratio(servers, group, "adapter", "bare", rps),
      (r) => r >= 0.9,
    );
    check(
      "stretch: ours as deployed ≥ 0.85× (1) req/s",
      group,
      ratio(servers, group, "ours", "bare", rps),
      (r) => r >= 0.85,
    );
    // Each hop as the share of its server's req/s it keeps, the gateway's against the bare one's.
    const hops = perRound(
      servers,
      group,
      ["gateway", "ours", "bare-proxy", "bare"],
      (gw, ours, proxy, bare) => gw.rps / ours.rps / (proxy.rps / bare.rps),
    );
    check("gateway hop ≥ 0.9× bare nginx hop: (gateway / ours) / (bare nginx / (1))", group, hops, (r) => r >= 0.9);
    check(
      "cache hit through the gateway ≥ 3× ours direct",
      group,
      ratio(servers, group, "cached", "ours", rps),
      (r) => r >= 3,
    );
  }
  for (const level of inFlight) {
    const group = inFlightGroup(level);
    check("our client ≥ 1.2× Apache's calls/s", group, ratio(clients, group, "ours", "apache", rps), (r) => r >= 1.2);
    check(
      "our client ≥ 0.9× undici's request loop",
      group,
      ratio(clients, group, "ours", "undici", rps),
      (r) => r >= 0.9,
    );
  }
  return checks;
}
