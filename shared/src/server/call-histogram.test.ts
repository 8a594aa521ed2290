// The call-duration histogram kept in plain numbers (call-histogram.ts): for any observations,
// its scrape text and JSON are exactly what prom-client's own Histogram gives, and a reset zeroes it.
import fc from "fast-check";
import { Histogram, Registry } from "prom-client";
import { createCallHistogram } from "./call-histogram";

const bounds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const labelNames = ["service", "method", "outcome"];

/** The same observations through prom-client's own Histogram and through ours. */
async function both(observations: readonly [number, number][]) {
  const series = [
    { service: "Echo", method: "echo", outcome: "ok" },
    { service: "Echo", method: "echo", outcome: "timeout" },
  ];
  const theirs = new Registry();
  const reference = new Histogram({ name: "d", help: "h", labelNames, buckets: bounds, registers: [theirs] });
  const ours = new Registry();
  const histogram = createCallHistogram(ours, "d", "h", bounds);
  const held = series.map((labels) => histogram.series(labels));
  for (const labels of series) reference.zero(labels);
  for (const [which, value] of observations) {
    reference.observe(series[which]!, value);
    histogram.observe(held[which]!, value);
  }
  return { theirs, ours };
}

describe("createCallHistogram", () => {
  test("when any values are observed, then the scrape and the JSON are prom-client's own Histogram's", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.double({ min: 0, max: 20, noNaN: true }))),
        async (observations) => {
          const { theirs, ours } = await both(observations);
          expect(await ours.metrics()).toBe(await theirs.metrics());
          expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
        },
      ),
      { numRuns: 50 },
    );
  });

  test("when the registry is reset, then every series counts from zero", async () => {
    const { theirs, ours } = await both([
      [0, 0.003],
      [1, 7],
    ]);
    theirs.resetMetrics();
    ours.resetMetrics();
    const { theirs: fresh } = await both([]);
    expect(await ours.metrics()).toBe(await fresh.metrics());
  });
});
