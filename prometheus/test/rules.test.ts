// The recording rules (prometheus/rules/thrift.yml): valid for Prometheus, computing what
// they say from known series (`promtool test rules`, thrift.rules.test.yml), and reading
// only series a service really exports (echo's app, served and called here), by labels it
// sets, matching outcomes the services report.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { createClient } from "@starter/shared/client";
import { createLogger, loadConfigFiles, loadServerConfig, serve } from "@starter/shared/server";
import { createApp } from "@starter/echo/app";
import { Echo } from "@starter/echo/gen/echo";
import { root, runPromtool, withPromtool } from "./promtool";

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
}
const dir = join(root, "prometheus");
const groups = (
  parse(readFileSync(join(dir, "rules/thrift.yml"), "utf8")) as { groups: { name: string; rules: Rule[] }[] }
).groups;

/** What an expression reads: the metric names it selects, the labels it names, the values its matchers name. */
function reads(expr: string): { metrics: string[]; labels: string[]; matched: Record<string, string[]> } {
  const labels = new Set<string>();
  const matched: Record<string, string[]> = {};
  let rest = expr.replace(/\[[^\]]*\]/g, " "); // range windows
  for (const [, list] of rest.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g)) {
    for (const label of list!.split(",")) if (label.trim()) labels.add(label.trim());
  }
  rest = rest.replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, " ");
  for (const [, inner] of rest.matchAll(/\{([^}]*)\}/g)) {
    for (const [, label, value] of inner!.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
      labels.add(label!);
      const values = matched[label!] ?? [];
      values.push(...value!.split("|"));
      matched[label!] = values;
    }
  }
  rest = rest.replace(/\{[^}]*\}/g, " ");
  const keywords = new Set(["or", "and", "unless", "bool", "offset", "group_left", "group_right"]);
  const metrics = [...rest.matchAll(/(?<![\w:])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g)]
    .map((found) => found[1]!)
    .filter((name) => !keywords.has(name));
  return { metrics: [...new Set(metrics)], labels: [...labels], matched };
}

/** The series names and label names of a Prometheus text exposition. */
function exposed(text: string): { metrics: Set<string>; labels: Set<string> } {
  const metrics = new Set<string>();
  const labels = new Set<string>();
  for (const line of text.split("\n")) {
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? /.exec(line);
    if (!sample) continue;
    metrics.add(sample[1]!);
    for (const [, label] of (sample[2] ?? "").matchAll(/([a-zA-Z_]\w*)="/g)) labels.add(label!);
  }
  return { metrics, labels };
}

/** /metrics of echo's app after one call, as a service in the stack answers it. */
async function metricsAfterACall(): Promise<string> {
  const settings = loadServerConfig(loadConfigFiles(join(root, "services/echo/config"), "test"));
  const logger = createLogger({ level: "silent", name: "echo" });
  const running = await serve(createApp(settings, logger), { ...settings, logger, signals: [] });
  const client = createClient(Echo, { url: `${running.url}/echo`, auth: { bearer: "test-token" } });
  try {
    await expect(client.echo({ msg: "counted" })).resolves.toEqual({ msg: "counted" });
    const reply = await fetch(`${running.url}/metrics`);
    expect(reply.status).toBe(200);
    return await reply.text();
  } finally {
    await client.close();
    await running.shutdown("checked");
  }
}

/** The outcomes a call can have: the CallOutcome type of shared/src/core/http.ts. */
function callOutcomes(): string[] {
  const type = /^export type CallOutcome = ([^;]+);$/m.exec(
    readFileSync(join(root, "shared/src/core/http.ts"), "utf8"),
  )?.[1];
  if (type === undefined) throw new Error("shared/src/core/http.ts no longer declares `export type CallOutcome = …;`");
  return [...type.matchAll(/"([a-z_]+)"/g)].map((found) => found[1]!);
}

describe("the recording rules", () => {
  test("When a service has answered a call Then every series the rules read is in its /metrics, with the labels they use", async () => {
    const { metrics, labels } = exposed(await metricsAfterACall());
    // Prometheus adds job and instance to every series it scrapes.
    const available = new Set([...labels, "job", "instance"]);
    const missing: string[] = [];
    for (const group of groups) {
      const recorded = new Set<string>();
      for (const rule of group.rules) {
        const read = reads(rule.expr);
        // A recorded name is read only below the rule recording it, in its group.
        for (const name of read.metrics)
          if (!(name.includes(":") ? recorded.has(name) : metrics.has(name)))
            missing.push(`${rule.record}: series ${name}`);
        for (const label of read.labels) if (!available.has(label)) missing.push(`${rule.record}: label ${label}`);
        if (rule.record) recorded.add(rule.record);
      }
    }
    expect(missing).toEqual([]);
  });

  test("When a rule matches outcomes Then they are outcomes a call can have", () => {
    const outcomes = callOutcomes();
    const matched = groups.flatMap((group) => group.rules.flatMap((rule) => reads(rule.expr).matched["outcome"] ?? []));
    expect(matched.length).toBeGreaterThan(0);
    expect(matched.filter((outcome) => !outcomes.includes(outcome))).toEqual([]);
  });

  test("When each rule is read Then it records a series named level:metric:operations, each name once", () => {
    const records = groups.flatMap((group) => group.rules.map((rule) => rule.record ?? `alert ${rule.alert}`));
    expect(records.filter((name) => !/^[a-z_]+:[a-z_]+:[a-z0-9_]+$/.test(name))).toEqual([]);
    expect(new Set(records).size).toBe(records.length);
  });

  withPromtool("When promtool checks the rules file Then it is valid, with no lint finding", () => {
    expect(runPromtool(["check", "rules", "--lint=all", "--lint-fatal", "rules/thrift.yml"], dir)).toMatch(
      /SUCCESS: \d+ rules found/,
    );
  });

  withPromtool(
    "When promtool runs the rules over two minutes of known series Then each records the expected values",
    () => {
      expect(runPromtool(["test", "rules", "thrift.rules.test.yml"], join(dir, "test"))).toMatch(/SUCCESS/);
    },
  );
});
