// The database rows of the benchmark (`make bench`, or alone `make bench-database`): calls
// that reach PostgreSQL, through the service as deployed (Koa, auth, access log, metrics,
// the pool, our client) against the same statements from a bare node-postgres loop, in
// the same run, on the same server:
//   user.getUser past the cache   (the service's cache keeps one user; ids rotate over 1000)
//   data.put                      (a new key each call: an insert, then an update per key)
// Both sides keep BENCH_CONNECTIONS calls in flight over a pool of 10 connections; the
// ratio is the service's calls/s over the bare loop's. PostgreSQL runs in a container on
// the host's network (no userland proxy in between), its image from scripts/base-images.sh.
// Writes docs/benchmarks-database.md.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { createClient } from "@starter/shared/client";
import { DataService } from "@starter/data/dist/gen/data";
import { dataStatements } from "@starter/data/dist/pg-store";
import { UserService } from "@starter/user/dist/gen/user";
import { userStatements } from "@starter/user/dist/pg-repository";
import { measure } from "../client/loop";
import { childrenOf, cpuSecondsSince, readCpu } from "../cpu";
import { deployedNodeArgs } from "../deployed";
import { currentLoad, describeMachine, type Machine } from "../machine";
import type { Sample } from "../results";
import { loadSettings, type Settings } from "../settings";
import { median } from "../stats";

/** A round's calls/s and latencies, and CPU µs per call of each process that served it. */
interface Measured extends Sample {
  /** The bench process (the bare loop, or our client), the service, PostgreSQL. */
  cpu: { bench: number; service: number; postgres: number };
}

interface Row {
  name: string;
  bare: Measured[];
  service: Measured[];
}

/** The processes whose CPU a call costs, besides the bench process. */
interface Servers {
  /** The service's pid; none for the bare loop. */
  service: number | undefined;
  postgres: () => number[];
}

const users = 1000;
const token = randomBytes(16).toString("hex");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function postgresImage(root: string): string {
  if (process.env["POSTGRES_IMAGE"]) return process.env["POSTGRES_IMAGE"];
  const printed = execFileSync(join(root, "scripts/base-images.sh"), {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = printed.split("\n").find((entry) => entry.startsWith("POSTGRES_IMAGE="));
  if (!line) throw new Error(`scripts/base-images.sh printed no POSTGRES_IMAGE:\n${printed}`);
  return line.slice("POSTGRES_IMAGE=".length);
}

async function until(what: string, check: () => boolean | Promise<boolean>, attempts = 240): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    await sleep(250);
  }
  throw new Error(`${what}: not ready within ${attempts / 4} s`);
}

/** A service, natively, on `port`, as its image runs it (NODE_ENV=production). */
function startService(
  settings: Settings,
  name: string,
  port: number,
  url: string,
  extra: Record<string, string>,
): ChildProcess {
  const child = spawn(process.execPath, deployedNodeArgs(settings.root), {
    cwd: join(settings.root, "services", name),
    env: {
      ...process.env,
      NODE_ENV: "production",
      LISTEN_HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: url,
      AUTH_BEARER_TOKENS: `bench:${token}`,
      ...extra,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

async function measured(servers: Servers, call: () => Promise<unknown>, settings: Settings): Promise<Measured> {
  const service = readCpu(servers.service === undefined ? [] : [servers.service]);
  const postgres = readCpu(servers.postgres());
  const sample = await measure(call, settings.connections, settings.durationS);
  const calls = sample.rps * settings.durationS;
  const perCall = (seconds: number) => (seconds * 1e6) / calls;
  return {
    ...sample,
    cpu: {
      bench: sample.cpuUs,
      service: perCall(cpuSecondsSince(service)),
      postgres: perCall(cpuSecondsSince(postgres)),
    },
  };
}

async function row(
  settings: Settings,
  servers: Servers,
  name: string,
  bare: () => Promise<unknown>,
  service: () => Promise<unknown>,
): Promise<Row> {
  const result: Row = { name, bare: [], service: [] };
  await measure(bare, settings.connections, settings.warmupS || 1);
  await measure(service, settings.connections, settings.warmupS || 1);
  for (let round = 0; round < settings.rounds; round++) {
    result.bare.push(await measured({ ...servers, service: undefined }, bare, settings));
    result.service.push(await measured(servers, service, settings));
    console.log(
      `bench-database: ${name}, round ${round + 1}: bare ${result.bare.at(-1)!.rps.toFixed(0)}/s, service ${result.service.at(-1)!.rps.toFixed(0)}/s`,
    );
  }
  return result;
}

function report(settings: Settings, machine: Machine, rows: Row[], minutes: number, image: string): string {
  const fmt = (value: number) => value.toFixed(value < 10 ? 2 : 0);
  const lines = [
    "# Benchmarks: calls that reach the database",
    "",
    "Written by `make bench` (`make bench-database` for these rows alone; bench/src/database/run.ts).",
    "Each row: the same statement from a bare node-postgres loop (a pool of 10, the same named",
    "statement) and through the service as deployed (our client → Koa service with auth, access",
    "log and metrics → the pool), on the same PostgreSQL, in the same run. Medians of the rounds.",
    "",
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.kernel}, Node ${machine.node}; load ${machine.loadAtStart.toFixed(2)} at the start, ${currentLoad().toFixed(2)} at the end.`,
    `PostgreSQL: \`${image}\` on the host's network. ${settings.connections} calls in flight, ${settings.rounds} rounds of ${settings.durationS} s,`,
    `${settings.warmupS} s warm-up; the bench process (client or bare loop), the service and PostgreSQL share the machine. Run: ${minutes.toFixed(1)} min.`,
    "",
    "| call | bare driver loop, calls/s | through the service, calls/s | ratio | p50 / p99 bare, ms | p50 / p99 service, ms | CPU µs/call bare: loop + PostgreSQL | CPU µs/call service: client + service + PostgreSQL |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const { name, bare, service } of rows) {
    const b = median(bare.map((sample) => sample.rps));
    const s = median(service.map((sample) => sample.rps));
    const p = (samples: Measured[]) =>
      `${fmt(median(samples.map((x) => x.p50Ms)))} / ${fmt(median(samples.map((x) => x.p99Ms)))}`;
    const cpu = (samples: Measured[], part: keyof Measured["cpu"]) =>
      median(samples.map((x) => x.cpu[part])).toFixed(0);
    lines.push(
      `| ${name} | ${fmt(b)} | ${fmt(s)} | ${(s / b).toFixed(2)}x | ${p(bare)} | ${p(service)} | ${cpu(bare, "bench")} + ${cpu(bare, "postgres")} | ${cpu(service, "bench")} + ${cpu(service, "service")} + ${cpu(service, "postgres")} |`,
    );
  }
  lines.push(
    "",
    "The ratio is set by CPU, not by the database: on two cores shared by the caller, the service and",
    "PostgreSQL, a call through the service costs the HTTP call on both sides (our client, Koa, auth,",
    "access log, metrics, Thrift) besides the statement, which for these indexed one-row statements is",
    "the smaller part (the CPU columns). The service adds latency of the same order. Other sessions'",
    "work on the machine moves the absolute numbers between runs (load average in the header).",
    "",
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = describeMachine();
  const settings = loadSettings();
  const image = postgresImage(settings.root);
  const [dbPort, dataPort, userPort] = [await freePort(), await freePort(), await freePort()];
  const password = randomBytes(16).toString("hex");
  const container = `bench-postgres-${dbPort}`;
  const url = `postgres://app:${password}@127.0.0.1:${dbPort}/app`;
  const children: ChildProcess[] = [];
  const pools: pg.Pool[] = [];
  execFileSync(
    "docker",
    [
      "run",
      "-d",
      "--rm",
      "--name",
      container,
      "--network",
      "host",
      "-e",
      "POSTGRES_USER=app",
      "-e",
      "POSTGRES_DB=app",
      "-e",
      `POSTGRES_PASSWORD=${password}`,
      image,
      "postgres",
      "-c",
      `port=${dbPort}`,
      "-c",
      "listen_addresses=127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  try {
    await until("PostgreSQL", () => {
      execFileSync(
        "docker",
        ["exec", container, "pg_isready", "-q", "-h", "127.0.0.1", "-p", String(dbPort), "-U", "app", "-d", "app"],
        { stdio: "ignore" },
      );
      return true;
    });
    children.push(startService(settings, "data", dataPort, url, {}));
    // The cache keeps one user and reads rotate over all of them: every read goes to the database.
    children.push(startService(settings, "user", userPort, url, { USER_CACHE_MAX: "1" }));
    for (const port of [dataPort, userPort])
      await until(`the service on ${port}`, async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok);

    const auth = { bearer: token };
    const userClient = createClient(UserService, {
      url: `http://127.0.0.1:${userPort}/user`,
      auth,
      maxConnections: settings.connections,
    });
    const dataClient = createClient(DataService, {
      url: `http://127.0.0.1:${dataPort}/data`,
      auth,
      maxConnections: settings.connections,
    });
    const ids: bigint[] = [];
    for (let n = 0; n < users; n++)
      ids.push((await userClient.createUser({ email: `bench-${n}-${dbPort}@example.org`, name: `User ${n}` })).id);

    const pool = (schema: string) => {
      const created = new pg.Pool({
        connectionString: url,
        max: 10,
        onConnect: (client) => client.query(`SET search_path TO ${pg.escapeIdentifier(schema)}`).then(() => undefined),
      });
      pools.push(created);
      return created;
    };
    const userPool = pool("user");
    const dataPool = pool("data");
    let next = 0;
    const id = () => ids[next++ % ids.length]!;
    let key = 0;
    const value = Buffer.alloc(100, 1);
    // A throughput run on a shared machine: a call stalled past the IDL's deadline (500 ms
    // for getUser) would end the run; the bare loop has no deadline either.
    const patient = { timeoutMs: 10_000 };
    const postmaster = Number(
      execFileSync("docker", ["inspect", "-f", "{{.State.Pid}}", container], { encoding: "utf8" }).trim(),
    );
    // The postmaster's children: its backends (one per pooled connection) and helpers.
    const postgres = () => [postmaster, ...childrenOf(postmaster)];
    const servicePid = (child: ChildProcess) => child.pid!;
    const rows = [
      await row(
        settings,
        { service: servicePid(children[1]!), postgres },
        "user.getUser, past the cache",
        () => userPool.query(userStatements.get, [id()]),
        () => userClient.getUser(id(), patient),
      ),
      await row(
        settings,
        { service: servicePid(children[0]!), postgres },
        "data.put, 100-byte value",
        () => dataPool.query(dataStatements.put, [Buffer.from(`bare-${key++ % 5000}`), value]),
        () => dataClient.put(`service-${key++ % 5000}`, value, patient),
      ),
    ];
    await userClient.close();
    await dataClient.close();
    const file = join(settings.root, "docs/benchmarks-database.md");
    writeFileSync(file, report(settings, machine, rows, (performance.now() - started) / 60_000, image));
    console.log(`bench-database: wrote ${file}`);
  } finally {
    await Promise.all(pools.map((created) => created.end()));
    for (const child of children) child.kill("SIGTERM");
    execFileSync("docker", ["rm", "-f", container], { stdio: "ignore" });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
