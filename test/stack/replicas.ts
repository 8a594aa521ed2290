// The containers behind the gateway, reached through the Docker CLI: the replicas
// publish no port, so their /metrics is read with `docker exec` and their log lines
// with `docker logs`. Also stops, kills and restores one replica for the failover and
// shutdown tests. Every command is bounded in time.
import { execFile, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { stack } from "./stack";

const run = promisify(execFile);

export async function docker(args: string[], timeoutMs = 30_000): Promise<string> {
  const { stdout } = await run("docker", args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/**
 * Runs `docker args…` with `input` on its stdin; resolves with its stdout as bytes. A
 * failure names the subcommand only: the arguments may hold credentials.
 */
export function dockerWithInput(args: string[], input: Buffer, timeoutMs = 30_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("docker", args, { stdio: ["pipe", "pipe", "pipe"], timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`docker ${args[0]} exited with ${code}: ${Buffer.concat(err).toString()}`));
    });
    child.stdin.end(input);
  });
}

export type ServiceName = "echo" | "data" | "user" | "gateway" | "db";

export interface Replica {
  readonly id: string;
  /** The container's host name, which the services send as X-Served-By: the short id. */
  readonly hostname: string;
}

/** The replicas of `service` in this run's project, running or not, in a stable order. */
export async function replicasOf(service: ServiceName): Promise<Replica[]> {
  const ids = (
    await docker([
      "ps",
      "-a",
      "-q",
      "--no-trunc",
      "--filter",
      `label=com.docker.compose.project=${stack.project}`,
      "--filter",
      `label=com.docker.compose.service=${service}`,
    ])
  )
    .split("\n")
    .filter(Boolean)
    .sort();
  return ids.map((id) => ({ id, hostname: id.slice(0, 12) }));
}

/** The host names of the replicas, sorted: what X-Served-By may say. */
export async function hostnamesOf(service: ServiceName): Promise<string[]> {
  return (await replicasOf(service)).map((replica) => replica.hostname).sort();
}

/** The replica's address on the stack's network, e.g. for a request from the gateway container. */
export async function addressOf(replica: Replica): Promise<string> {
  return (
    await docker(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", replica.id])
  ).trim();
}

// Plain node http inside the replica (its image has node, not curl), as its HEALTHCHECK does.
const fetchMetrics =
  "require('http').get({host:'127.0.0.1',port:process.env.PORT,path:'/metrics',timeout:5000},r=>{r.pipe(process.stdout)}).on('error',e=>{console.error(e.message);process.exit(1)})";

/** The replica's /metrics, in the Prometheus text format. */
export async function metricsOf(replica: Replica): Promise<string> {
  return docker(["exec", replica.id, "node", "-e", fetchMetrics]);
}

/**
 * `thrift_calls_total` of one replica as `service.method outcome` → count, e.g.
 * `Echo.echo ok` → 3. Counters start at 0 when the replica starts.
 */
export async function callCounts(replica: Replica): Promise<Map<string, number>> {
  const text = await metricsOf(replica);
  const counts = new Map<string, number>();
  const line = /^thrift_calls_total\{([^}]*)\} (\d+)$/;
  for (const match of text.split("\n").map((row) => line.exec(row))) {
    if (!match) continue;
    const labels = Object.fromEntries(
      [...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map(([, name, value]) => [name, value]),
    );
    counts.set(`${labels["service"]}.${labels["method"]} ${labels["outcome"]}`, Number(match[2]));
  }
  return counts;
}

/** The JSON lines a container wrote (pino's on stdout, nginx's access log). */
export async function logLines(replica: Replica): Promise<Record<string, unknown>[]> {
  const { stdout } = await run("docker", ["logs", replica.id], { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Waits, a bounded number of times, until `probe` returns a value that is not
 * undefined: for what becomes true asynchronously (a log line being flushed, a
 * oneway call applied). Returns undefined if it never does; the caller's assertion
 * then fails with what it expected.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  { attempts = 40, delayMs = 250 } = {},
): Promise<T | undefined> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    if (attempt < attempts) await sleep(delayMs);
  }
  return undefined;
}

/** The log lines of any replica of `service` with this request id. */
export async function linesWithRequestId(
  service: ServiceName,
  requestId: string,
  key = "requestId",
): Promise<Record<string, unknown>[]> {
  const replicas = await replicasOf(service);
  const lines = (await Promise.all(replicas.map(logLines))).flat();
  return lines.filter((line) => line[key] === requestId);
}

async function healthOf(replica: Replica): Promise<string> {
  return (
    await docker([
      "inspect",
      "-f",
      "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}",
      replica.id,
    ])
  ).trim();
}

/** `docker stop`: SIGTERM, then the service drains its calls in flight and exits. */
export async function stopReplica(replica: Replica): Promise<void> {
  await docker(["stop", "-t", "20", replica.id], 40_000);
}

/** `docker kill`: SIGKILL, a crash; calls in flight get no answer from it. */
export async function killReplica(replica: Replica): Promise<void> {
  await docker(["kill", replica.id]);
}

/** Starts a stopped replica again and waits until its health check passes (bounded). */
export async function startReplica(replica: Replica): Promise<void> {
  await docker(["start", replica.id]);
  const healthy = await eventually(async () => ((await healthOf(replica)) === "healthy" ? true : undefined), {
    attempts: 120,
    delayMs: 500,
  });
  if (!healthy)
    throw new Error(`replica ${replica.hostname} is not healthy 60 s after docker start: ${await healthOf(replica)}`);
}

/**
 * Starts a stopped replica again, waits until it is healthy, and reloads the gateway at
 * once rather than within its GATEWAY_RESOLVE_INTERVAL: the replica may come back with
 * another address, and the next test file should find both replicas served.
 */
export async function restoreReplica(replica: Replica): Promise<void> {
  await startReplica(replica);
  const [gateway] = await replicasOf("gateway");
  await docker(["exec", gateway!.id, "nginx", "-s", "reload"]);
}

/** The image a service's replicas run. */
export async function imageOf(service: ServiceName): Promise<string> {
  const [replica] = await replicasOf(service);
  return (await docker(["inspect", "-f", "{{.Config.Image}}", replica!.id])).trim();
}

/**
 * Starts a container of a test's own on the stack's network (the gateway's), labelled
 * with the stack's project so that `make test-stack-clean` removes it with the rest of
 * the run if the test dies; resolves with its id. `options` go before the image,
 * `command` after it.
 */
export async function runBesideStack(image: string, options: string[], command: string[] = []): Promise<string> {
  const [gateway] = await replicasOf("gateway");
  const network = (
    await docker(["inspect", "-f", "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}}{{end}}", gateway!.id])
  ).trim();
  const label = `com.docker.compose.project=${stack.project}`;
  const run = ["run", "--detach", "--label", label, "--network", network, ...options, image, ...command];
  return (await docker(run)).trim();
}
