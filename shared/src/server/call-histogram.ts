// The call-duration histogram, kept in plain numbers per series and handed to prom-client
// only when scraped, in the shape its own Histogram reports (`_bucket` by `le`, `_sum`,
// `_count`). prom-client's `observe` hashes the labels into a string on every call, over
// a microsecond of a call's CPU and garbage besides (docs/benchmarks.md); here a call is
// a bucket search and three additions on the series the caller already holds.
import type { Registry } from "prom-client";

/** One series' counts: `buckets[i]` counts values at most `bounds[i]` and above the one before; the last, the rest. */
export interface HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

interface Value {
  value: number;
  labels: Record<string, string | number>;
  metricName: string;
  exemplar: null | undefined;
}

export interface CallHistogram {
  /** A new series with these labels; keep it and pass it to `observe`. */
  series(labels: Readonly<Record<string, string>>): HistogramSeries;
  observe(series: HistogramSeries, value: number): void;
}

export function createCallHistogram(
  registry: Registry,
  name: string,
  help: string,
  bounds: readonly number[],
): CallHistogram {
  const all: HistogramSeries[] = [];
  const values = (splay: boolean) => {
    const out: (Value & { sharedLabels?: Record<string, string> })[] = [];
    for (const one of all) {
      const value = (metricName: string, count: number, le?: number | string) => {
        const own: Record<string, string | number> = le === undefined ? {} : { le };
        // As prom-client's: no exemplar (null on a bucket, undefined on the sum and count).
        const exemplar = le === undefined ? undefined : null;
        const labels = splay ? { ...own, ...one.labels } : own;
        out.push(
          splay
            ? { value: count, labels, metricName, exemplar }
            : { value: count, labels, sharedLabels: { ...one.labels }, metricName, exemplar },
        );
      };
      let cumulative = 0;
      for (const [i, bound] of bounds.entries()) {
        cumulative += one.buckets[i]!;
        value(`${name}_bucket`, cumulative, bound);
      }
      value(`${name}_bucket`, one.count, "+Inf");
      value(`${name}_sum`, one.sum);
      value(`${name}_count`, one.count);
    }
    return out;
  };
  const metric = { name, help, type: "histogram", aggregator: "sum" };
  registry.registerMetric({
    ...metric,
    // The Prometheus text (labels apart, as prom-client's own histogram hands them over),
    // and the JSON of `getMetricsAsJSON` (labels together).
    getForPromString: async () => ({ ...metric, values: values(false) }),
    get: async () => ({ ...metric, values: values(true) }),
    reset: () => {
      for (const one of all) {
        one.buckets.fill(0);
        one.sum = 0;
        one.count = 0;
      }
    },
  } as unknown as Parameters<Registry["registerMetric"]>[0]);
  return {
    series(labels) {
      const one = { labels, buckets: new Float64Array(bounds.length + 1), sum: 0, count: 0 };
      all.push(one);
      return one;
    },
    observe(series, value) {
      let i = 0;
      while (i < bounds.length && value > bounds[i]!) i++;
      series.buckets[i]!++;
      series.sum += value;
      series.count++;
    },
  };
}
