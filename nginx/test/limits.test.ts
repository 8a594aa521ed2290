// The limits and timings the gateway and the services must agree on: each is stated once
// for the services and the client (the library's defaults, which the services' config/
// no longer repeats) and once in nginx/gateway/, and these tests fail when the two
// disagree. The services' committed configurations are read as they start in production.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultMaxGetUrlBytes } from "@starter/shared/client";
import {
  defaultKeepAliveTimeoutMs,
  defaultMaxBodyBytes,
  defaultMaxTimeoutMs,
  loadConfigFiles,
  loadServerConfig,
} from "@starter/shared/server";

const root = join(__dirname, "../..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

/** Every value of `directive` in `file` (uncommented), as written. */
function values(file: string, directive: string): string[] {
  const found = [...read(file).matchAll(new RegExp(`^\\s*${directive}\\s+([^;#]+);`, "gm"))].map(([, value]) =>
    value!.trim(),
  );
  if (found.length === 0) throw new Error(`${file} has no ${directive}`);
  return found;
}

/** An nginx size (`1m`, `8k`, `512`) in bytes. */
function bytes(size: string): number {
  const [, number, unit = ""] = /^(\d+)([kKmM]?)$/.exec(size) ?? [];
  if (number === undefined) throw new Error(`not an nginx size: ${size}`);
  return Number(number) * { "": 1, k: 1024, m: 1024 * 1024 }[unit.toLowerCase() as "" | "k" | "m"];
}

/** An nginx time (`60s`, `1m`, `500ms`; a bare number is seconds) in ms. */
function ms(time: string): number {
  const [, number, unit = "s"] = /^(\d+)(ms|s|m)?$/.exec(time) ?? [];
  if (number === undefined) throw new Error(`not an nginx time: ${time}`);
  return Number(number) * { ms: 1, s: 1000, m: 60_000 }[unit as "ms" | "s" | "m"];
}

/** The message of the gateway's own answer with `status` (error-codes.conf). */
function gatewayMessage(status: number): string {
  const line = new RegExp(`^\\s+${status}\\s+'(.*)\\\\n';$`, "m").exec(read("nginx/gateway/error-codes.conf"))?.[1];
  if (line === undefined) throw new Error(`nginx/gateway/error-codes.conf has no body for ${status}`);
  return (JSON.parse(line) as { message: string }).message;
}

const services = readdirSync(join(root, "services"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** A service's settings as it starts in production (credentials given, as the stack does). */
function production(service: string) {
  const saved = process.env["AUTH_BEARER_TOKENS"];
  process.env["AUTH_BEARER_TOKENS"] = "ci:ci-token";
  try {
    return loadServerConfig(loadConfigFiles(join(root, "services", service, "config"), "production"));
  } finally {
    if (saved === undefined) delete process.env["AUTH_BEARER_TOKENS"];
    else process.env["AUTH_BEARER_TOKENS"] = saved;
  }
}

describe("The gateway's limits and the services'", () => {
  test("When a body is over the services' limit Then the gateway refuses it first, saying the same size", () => {
    expect(values("nginx/gateway/limits.conf", "client_max_body_size").map(bytes)).toEqual([defaultMaxBodyBytes]);
    // Bodies stay in memory: one over the limit is refused before the buffer is full,
    // a frame of HTTP/2 (16 KiB) past the limit at most.
    expect(values("nginx/gateway/limits.conf", "client_body_buffer_size").map(bytes)).toEqual([
      defaultMaxBodyBytes + 16 * 1024,
    ]);
    expect(gatewayMessage(413)).toBe(`request body over ${defaultMaxBodyBytes / (1024 * 1024)} MiB`);
  });

  test("When the client sends a GET call at its longest Then its request line fits the gateway's buffer", () => {
    const [buffer] = values("nginx/gateway/limits.conf", "large_client_header_buffers").map((value) =>
      bytes(value.split(/\s+/)[1]!),
    );
    expect(defaultMaxGetUrlBytes + "GET  HTTP/1.1\r\n".length).toBeLessThanOrEqual(buffer!);
    expect(gatewayMessage(414)).toBe(`request line over ${buffer! / 1024} KiB: send the call with POST`);
  });

  test("When an upstream connection idles Then the gateway lets it go before Node does", () => {
    const gateway = values("nginx/gateway/upstreams.conf", "keepalive_timeout").map(ms);
    expect(gateway.length).toBe(services.length);
    for (const timeout of gateway) expect(timeout).toBeLessThan(defaultKeepAliveTimeoutMs);
  });

  test("When every upstream pool is full of idle connections Then half of a worker's connections are left for calls", () => {
    const pooled = values("nginx/gateway/upstreams.conf", "keepalive").map(Number);
    expect(pooled.length).toBe(services.length);
    const [workerConnections] = values("nginx/nginx.conf", "worker_connections").map(Number);
    expect(pooled.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(workerConnections! / 2);
  });

  test("When a worker holds every connection and every cached file open Then its file limit still has room", () => {
    const [workerConnections] = values("nginx/nginx.conf", "worker_connections").map(Number);
    const [limit] = values("nginx/nginx.conf", "worker_rlimit_nofile").map(Number);
    const [openFiles] = values("nginx/gateway/proxy-cache.conf", "open_file_cache");
    const cachedFiles = Number(/\bmax=(\d+)/.exec(openFiles!)?.[1]);
    // The logs, the cache's temporary files and the listening sockets: a few dozen.
    const others = 64;
    expect(workerConnections! + cachedFiles + others).toBeLessThanOrEqual(limit!);
  });

  test("When the workers write their access log batches to the one pipe Then each batch is written whole", () => {
    // PIPE_BUF on Linux: a write up to it is never interleaved with another process's.
    const pipeBuf = 4096;
    const [access] = values("nginx/gateway/logging.conf", "access_log");
    expect(bytes(/\bbuffer=(\w+)/.exec(access!)?.[1] ?? "0")).toBeLessThanOrEqual(pipeBuf);
  });

  test("When a call runs as long as a service allows Then the gateway still waits for its answer", () => {
    for (const directive of ["proxy_read_timeout", "proxy_send_timeout"]) {
      expect(values("nginx/gateway/proxy.conf", directive).map(ms)).toEqual([expect.any(Number)]);
      expect(ms(values("nginx/gateway/proxy.conf", directive)[0]!)).toBeGreaterThanOrEqual(defaultMaxTimeoutMs);
    }
  });

  test.each(services)("When %s starts in production Then its settings are those the gateway agrees with", (service) => {
    const settings = production(service);
    const upstream = Math.max(...values("nginx/gateway/upstreams.conf", "keepalive_timeout").map(ms));
    expect(settings.keepAliveTimeoutMs).toBeGreaterThan(upstream);
    expect(settings.thrift.maxBodyBytes).toBe(bytes(values("nginx/gateway/limits.conf", "client_max_body_size")[0]!));
    expect(settings.thrift.maxTimeoutMs).toBeLessThanOrEqual(
      ms(values("nginx/gateway/proxy.conf", "proxy_read_timeout")[0]!),
    );
  });
});
