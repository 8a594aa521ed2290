// Every server of a run, started once and then loaded in turn: the contestants' Node
// processes and the two nginx, all on the server core. Our services run as users get
// them: their compiled main.js with the production config (NODE_ENV=production: access
// log at info, metrics on, auth on with a credential made for the run).
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { createClient } from "@starter/shared/client";
import { DataService } from "@starter/data/dist/gen/data";
import { childrenOf } from "./cpu";
import { deployedNodeArgs } from "./deployed";
import { renderBareProxy } from "./nginx/bare-proxy";
import { renderGateway } from "./nginx/gateway";
import type { Payload } from "./payloads";
import { freePort } from "./ports";
import { startListening, type ProcessSpec, type Running } from "./processes";
import type { Settings } from "./settings";

export interface StackPorts {
  bare: number;
  apache: number;
  ours: number;
  oursQuiet: number;
  oursTraced: number;
  otlp: number;
  adapter: number;
  data: number;
  gateway: number;
  bareProxy: number;
  bareProxyWithoutKeepalive: number;
}

export interface Stack {
  readonly ports: StackPorts;
  /** The processes running under `name` now (an nginx's master and its workers). */
  pids(name: string): number[];
  /** The `Authorization` header our services and the gateway accept. */
  readonly authorization: string;
  stop(): Promise<void>;
}

export async function startStack(settings: Settings, payloads: readonly Payload[]): Promise<Stack> {
  const { root, work } = settings;
  const logs = join(work, "logs");
  mkdirSync(logs, { recursive: true });
  const ports: StackPorts = {
    bare: await freePort(),
    apache: await freePort(),
    ours: await freePort(),
    oursQuiet: await freePort(),
    oursTraced: await freePort(),
    otlp: await freePort(),
    adapter: await freePort(),
    data: await freePort(),
    gateway: await freePort(),
    bareProxy: await freePort(),
    bareProxyWithoutKeepalive: await freePort(),
  };
  const username = "bench";
  const password = randomBytes(18).toString("base64url");
  const basicUsers = `${username}:${password}`;
  const node = process.execPath;
  const script = (name: string, port: number): Omit<ProcessSpec, "name"> => ({
    side: "server",
    command: node,
    args: [join(root, "bench/dist/servers", `${name}.js`)],
    env: { PORT: String(port) },
  });
  const service = (folder: "echo" | "data", port: number, env: NodeJS.ProcessEnv = {}): Omit<ProcessSpec, "name"> => ({
    side: "server",
    command: node,
    args: deployedNodeArgs(root),
    cwd: join(root, "services", folder),
    env: { NODE_ENV: "production", LISTEN_HOST: "127.0.0.1", PORT: String(port), AUTH_BASIC_USERS: basicUsers, ...env },
  });
  // The data service behind the cached row is reached once per cache refresh (every 5 s):
  // the embedded database serves it, where production would name a PostgreSQL.
  const dataDir = join(work, "data");
  rmSync(dataDir, { recursive: true, force: true });
  const embeddedData = JSON.stringify({ database: { allowEmbedded: true, embeddedDir: dataDir } });

  // Where the traced service exports its spans: takes every OTLP/HTTP export, keeps nothing.
  const receiver = createServer((req, res) => req.resume().on("end", () => res.writeHead(200).end()));
  await new Promise<void>((resolve) => receiver.listen(ports.otlp, "127.0.0.1", resolve));
  const started = new Map<string, Running>();
  const stack: Stack = {
    ports,
    pids: (name) => {
      const pid = started.get(name)?.pid;
      return pid === undefined ? [] : [pid, ...childrenOf(pid)];
    },
    authorization: `Basic ${Buffer.from(basicUsers).toString("base64")}`,
    stop: async () => {
      await Promise.all([...started.values()].map((child) => child.stop()));
      await new Promise((resolve) => receiver.close(resolve));
    },
  };
  const start = async (name: string, spec: Omit<ProcessSpec, "name">, port: number) => {
    started.set(name, await startListening({ name, ...spec }, port, logs));
  };
  try {
    await start("bare", script("bare", ports.bare), ports.bare);
    await start("apache", script("apache-web", ports.apache), ports.apache);
    await start("ours", service("echo", ports.ours), ports.ours);
    // The same service with its per-call access log off, to price it.
    await start("ours-quiet", service("echo", ports.oursQuiet, { LOG_LEVEL: "warn" }), ports.oursQuiet);
    // The same service tracing every call (sampled, exported over OTLP/HTTP), to price it
    // against "ours", which does not trace (the default).
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.otlp}`, OTEL_TRACES_SAMPLER: "always_on" };
    await start("ours-traced", service("echo", ports.oursTraced, tracing), ports.oursTraced);
    await start("adapter", script("adapter", ports.adapter), ports.adapter);
    await start("data", service("data", ports.data, { NODE_CONFIG: embeddedData }), ports.data);
    const gateway = { listen: ports.gateway, echo: ports.ours, data: ports.data };
    const gatewayArgs = await renderGateway(root, join(work, "gateway"), gateway, basicUsers);
    await start("gateway", { side: "server", command: "nginx", args: gatewayArgs }, ports.gateway);
    const proxyArgs = renderBareProxy(root, join(work, "bare-proxy"), {
      keepalive: ports.bareProxy,
      withoutKeepalive: ports.bareProxyWithoutKeepalive,
      upstream: ports.bare,
    });
    await start("bare-proxy", { side: "server", command: "nginx", args: proxyArgs }, ports.bareProxy);
    await seedData(ports.data, { username, password }, payloads);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

/** Stores the entries the cached calls read, one per payload. */
async function seedData(
  port: number,
  basic: { username: string; password: string },
  payloads: readonly Pick<Payload, "key" | "message">[],
): Promise<void> {
  const client = createClient(DataService, { url: `http://127.0.0.1:${port}/data`, auth: { basic } });
  try {
    for (const { key, message } of payloads) await client.put(key, Buffer.from(message));
  } finally {
    await client.close();
  }
}
