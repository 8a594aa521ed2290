// prometheus.yml and the compose service that runs it, checked against what they point at:
// every service scraped by DNS where its image listens, the gateway on its metrics
// listener, the files mounted where the config and its rule_files look, the rules' windows
// long enough for the scrape interval, and Prometheus itself accepting it all.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { parse } from "yaml";
import { root, runPromtool, withPromtool } from "./promtool";

const read = (path: string) => readFileSync(join(root, path), "utf8");

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  dns_sd_configs?: { names: string[]; type: string; port: number; refresh_interval?: string }[];
  static_configs?: { targets: string[] }[];
}
interface Config {
  global: { scrape_interval: string; scrape_timeout: string; evaluation_interval: string };
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
}
const config = parse(read("prometheus/prometheus.yml")) as Config;

interface ComposeService {
  image?: string;
  profiles?: string[];
  command?: string[];
  volumes?: string[];
  ports?: string[];
}
const compose = parse(read("docker-compose.yml")) as { services: Record<string, ComposeService> };
const prometheus = compose.services["prometheus"]!;

/** The services, one per folder of services/ that holds one. */
const services = readdirSync(join(root, "services")).filter((name) =>
  existsSync(join(root, "services", name, "config/default.json")),
);

/** Seconds of a Prometheus duration such as 5s or 1m. */
function seconds(duration: string): number {
  const found = /^(\d+)(ms|s|m|h)$/.exec(duration);
  if (!found) throw new Error(`not a duration this test reads: ${duration}`);
  return Number(found[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[found[2] as "ms" | "s" | "m" | "h"];
}

/** The file or folder of the repository mounted at `target` in the Prometheus container. */
function mountedAt(target: string): string | undefined {
  for (const volume of prometheus.volumes ?? []) {
    const [source, at] = volume.split(":");
    if (at === target && source!.startsWith("./")) return source!.slice(2);
  }
  return undefined;
}

describe("prometheus.yml", () => {
  test("When read Then it scrapes each service by its DNS name, on the port every service image listens on, and the gateway and itself", () => {
    const servicePort = Number(/\bPORT=(\d+)/.exec(read("services/Dockerfile"))?.[1]);
    const gatewayPort = Number(/^\s*listen\s+(\d+);/m.exec(read("nginx/conf.d/metrics.conf"))?.[1]);
    const byDns = (name: string, port: number) => ({
      job_name: name,
      dns_sd_configs: [{ names: [name], type: "A", port, refresh_interval: "5s" }],
    });
    expect(config.scrape_configs.sort((a, b) => a.job_name.localeCompare(b.job_name))).toEqual(
      [
        ...services.map((name) => byDns(name, servicePort)),
        byDns("gateway", gatewayPort),
        { job_name: "prometheus", static_configs: [{ targets: ["localhost:9090"] }] },
      ].sort((a, b) => a.job_name.localeCompare(b.job_name)),
    );
  });

  test("When a job has no metrics_path Then /metrics, where the services and the gateway's listener answer, is what it scrapes", () => {
    expect(config.scrape_configs.filter((job) => job.metrics_path !== undefined)).toEqual([]);
    expect(read("shared/src/server/metrics.ts")).toContain('ctx.path !== "/metrics"');
    expect(read("nginx/conf.d/metrics.conf")).toMatch(/^\s*location = \/metrics \{$/m);
  });

  test("When the rules take one-minute windows Then each holds at least 4 scrapes, and a scrape ends before the next", () => {
    const interval = seconds(config.global.scrape_interval);
    const windows = [...read("prometheus/rules/thrift.yml").matchAll(/\[(\d+[smh])\]/g)].map((found) =>
      seconds(found[1]!),
    );
    expect(windows.length).toBeGreaterThan(0);
    expect(windows.filter((window) => window < 4 * interval)).toEqual([]);
    expect(seconds(config.global.scrape_timeout)).toBeLessThan(interval);
  });

  withPromtool("When promtool checks it Then it is valid, and so is every rule file it names", () => {
    const output = runPromtool(["check", "config", "prometheus.yml"], join(root, "prometheus"));
    expect(output).toMatch(/SUCCESS: .*prometheus\.yml is valid/);
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
  });
});

describe("the prometheus service of docker-compose.yml", () => {
  test("When `make up` runs without OBSERVE=1 Then it stays off: it is in the observe profile", () => {
    expect(prometheus.profiles).toEqual(["observe"]);
  });

  test("When it starts Then it reads this config, and its rule_files find the rules folder", () => {
    const configFile = prometheus.command
      ?.find((flag) => flag.startsWith("--config.file="))
      ?.slice("--config.file=".length);
    expect(configFile).toBeDefined();
    expect(mountedAt(configFile!)).toBe("prometheus/prometheus.yml");
    for (const pattern of config.rule_files) {
      const folder = posix.dirname(posix.join(posix.dirname(configFile!), pattern));
      const source = mountedAt(folder);
      expect(source).toBeDefined();
      expect(readdirSync(join(root, source!)).filter((file) => file.endsWith(".yml"))).toContain("thrift.yml");
      expect(dirname(pattern)).toBe(source!.replace(/^prometheus\//, ""));
    }
  });

  test("When it is published Then only on 127.0.0.1, like the gateway", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose's ${VARIABLE-default}, not JavaScript's.
    expect(prometheus.ports).toEqual(["127.0.0.1:${PROMETHEUS_PORT-9090}:9090"]);
  });
});
