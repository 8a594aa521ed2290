// Prometheus in the stack (`make up OBSERVE=1`, the compose profile `observe`), read through
// its HTTP API as a graph or a user would: every running replica of every service, and the
// gateway's metrics listener, is a healthy target found by DNS; calls made through the
// gateway show up in the recording rules (calls/s, error ratio, p50/p99) by service and
// method.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Echo } from "@starter/echo/gen/echo";
import { UserNotFound } from "@starter/user/gen/user";
import { clients, closeClients, described, rejection } from "./clients";
import { postCall } from "./gateway";
import { docker, eventually } from "./replicas";
import { callers, stack, unique } from "./stack";

afterAll(closeClients);

/** The services, one per folder of services/ that holds one: each a compose service and a scrape job. */
const servicesDir = join(__dirname, "../../services");
const services = readdirSync(servicesDir).filter((name) => existsSync(join(servicesDir, name, "config/default.json")));

/** The answer of Prometheus's HTTP API at /api/v1/<path>; fails on anything but success. */
async function api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
  const reply = await fetch(`${stack.prometheusUrl}/api/v1/${path}?${new URLSearchParams(params)}`, {
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await reply.json()) as { status: string; data: T; error?: string };
  if (reply.status !== 200 || body.status !== "success")
    throw new Error(`Prometheus /api/v1/${path}: ${reply.status} ${body.error ?? ""}`);
  return body.data;
}

/** An instant query's series, as `<service>.<method>` (or the job) → value. */
async function query(expr: string): Promise<Record<string, number>> {
  const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>("query", {
    query: expr,
  });
  return Object.fromEntries(
    data.result.map(({ metric, value }) => [
      metric["service"] ? `${metric["service"]}.${metric["method"]}` : metric["job"],
      Number(value[1]),
    ]),
  );
}

interface Target {
  job: string;
  instance: string;
  dnsName: string | undefined;
  health: string;
}

/** The scrape targets Prometheus has, but its own. */
async function targets(): Promise<Target[]> {
  const data = await api<{
    activeTargets: { labels: Record<string, string>; discoveredLabels: Record<string, string>; health: string }[];
  }>("targets", { state: "active" });
  return data.activeTargets
    .filter(({ labels }) => labels["job"] !== "prometheus")
    .map(({ labels, discoveredLabels, health }) => ({
      job: labels["job"]!,
      instance: labels["instance"]!,
      dnsName: discoveredLabels["__meta_dns_name"],
      health,
    }))
    .sort((a, b) => `${a.job} ${a.instance}`.localeCompare(`${b.job} ${b.instance}`));
}

/**
 * What Prometheus should scrape: each running container of the project that serves metrics
 * (a replica of a service, or the gateway; not PostgreSQL, nor Prometheus itself), as
 * `<its address>:<port>` under the job of its compose service, healthy, found by its name.
 */
async function runningReplicas(): Promise<Target[]> {
  const lines = (
    await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${stack.project}`, "--no-trunc"])
  )
    .split("\n")
    .filter(Boolean);
  const described = await docker([
    "inspect",
    "-f",
    '{{index .Config.Labels "com.docker.compose.service"}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
    ...lines,
  ]);
  return described
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split(" ") as [string, string])
    .filter(([service]) => service === "gateway" || services.includes(service))
    .map(([service, address]) => ({
      job: service,
      instance: `${address}:${service === "gateway" ? 9113 : 8080}`,
      dnsName: service,
      health: "up",
    }))
    .sort((a, b) => `${a.job} ${a.instance}`.localeCompare(`${b.job} ${b.instance}`));
}

describe("Targets", () => {
  test("When Prometheus has looked the names up Then every running replica of every service, and the gateway, is a healthy target found by DNS", async () => {
    const expected = await runningReplicas();
    // Not vacuous: two replicas of every service (services/*), one gateway.
    const jobs = (name: string) => expected.filter((target) => target.job === name).length;
    expect(Object.fromEntries([...services, "gateway"].map((name) => [name, jobs(name)]))).toEqual(
      Object.fromEntries([...services.map((name) => [name, 2]), ["gateway", 1]]),
    );
    // A replica another test restarted may have a new address: wait for the next look-up
    // and scrape (5 s each).
    const seen = await eventually(
      async () => {
        const found = await targets();
        return JSON.stringify(found) === JSON.stringify(expected) ? found : undefined;
      },
      { attempts: 60, delayMs: 500 },
    );
    expect(seen ?? (await targets())).toEqual(expected);
  });
});

describe("Recording rules", () => {
  const called = ["Echo.echo", "DataService.put", "DataService.ping", "UserService.getUser"];

  /** One call of each method; echo also once past its deadline (Thrift-Timeout-Ms: 0: a 504, outcome timeout). */
  async function callEach(): Promise<void> {
    const echo = clients.echo();
    const data = clients.data();
    const user = clients.user();
    await expect(echo.echo({ msg: "graphed" })).resolves.toEqual({ msg: "graphed" });
    const late = await postCall("echo", Echo, "echo", [{ msg: "late" }], {
      auth: callers.alice,
      headers: { "thrift-timeout-ms": "0" },
    });
    expect(late.status).toBe(504);
    const key = unique("graphed");
    await expect(data.put(key, Buffer.from("v"))).resolves.toEqual({ key, value: Buffer.from("v"), version: 1n });
    await expect(data.ping()).resolves.toBeUndefined();
    // A declared exception: an answer, not an error.
    await expect(rejection(user.getUser(-1n))).resolves.toEqual(
      described(new UserNotFound({ id: -1n, message: "no user with id -1" })),
    );
  }

  test("When methods are called through the gateway Then calls/s, error ratio and p50/p99 latency are recorded for each, by service and method", async () => {
    // A rate needs two scrapes of a changed series within its window, and a series seen for
    // the first time (a replica's first 504, say) has one: keep calling until every rule has
    // caught up (scrapes and evaluations every 5 s), for at most a minute. On fresh replicas
    // the 504s and the answered calls may reach different ones, whose series catch up one
    // after the other: echo's ratio is 1 until both have.
    let rates: Record<string, number> = {};
    let errors: Record<string, number> = {};
    let p50: Record<string, number> = {};
    let p99: Record<string, number> = {};
    for (let attempt = 0; attempt < 60; attempt++) {
      await callEach();
      rates = await query("service_method:thrift_calls:rate1m");
      errors = await query("service_method:thrift_call_errors:ratio_rate1m");
      p50 = await query("service_method:thrift_call_duration_seconds:p50_1m");
      p99 = await query("service_method:thrift_call_duration_seconds:p99_1m");
      const recorded = (method: string) => rates[method]! > 0 && p50[method]! > 0 && p99[method]! > 0;
      if (called.every(recorded) && errors["Echo.echo"]! > 0 && errors["Echo.echo"]! < 1) break;
      await sleep(500);
    }
    const inFlight = await query("job:thrift_calls_in_flight:sum");

    const seen = Object.fromEntries(
      called.map((method) => [
        method,
        {
          callsPerSecond: rates[method]! > 0,
          // echo failed once per round (the 504s); getUser's UserNotFound is no error. A
          // ratio out of range shows as itself.
          errorRatio:
            method === "Echo.echo"
              ? errors[method]! > 0 && errors[method]! < 1
                ? true
                : errors[method]
              : method === "UserService.getUser"
                ? errors[method]
                : errors[method]! >= 0 && errors[method]! <= 1,
          // Within the histogram's buckets (1 ms to 10 s), the median no higher than the 99th.
          latency: p50[method]! > 0 && p50[method]! <= p99[method]! && p99[method]! <= 10,
        },
      ]),
    );
    expect(seen).toEqual(
      Object.fromEntries(
        called.map((method) => [
          method,
          { callsPerSecond: true, errorRatio: method === "UserService.getUser" ? 0 : true, latency: true },
        ]),
      ),
    );
    expect(Object.keys(inFlight).sort()).toEqual(["data", "echo", "user"]);
    expect(Object.values(inFlight).every((calls) => calls >= 0)).toBe(true);
  });
});
