// What the code the manifests deploy says about itself, read from the repository: the
// ports, paths, settings and timeouts the manifests must agree with.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const repoRoot = join(__dirname, "../../..");

function read(path: string): string {
  return readFileSync(join(repoRoot, path), "utf8");
}

function match(path: string, pattern: RegExp): RegExpMatchArray {
  const found = read(path).match(pattern);
  if (!found) throw new Error(`${path} no longer matches ${pattern}: update deploy/k8s/test/sources.ts`);
  return found;
}

/** The port every service image listens on: `ENV PORT=` in services/Dockerfile. */
export function servicePort(): number {
  return Number(match("services/Dockerfile", /\bPORT=(\d+)/)[1]);
}

/** The services, one per folder of services/ that holds one. */
export function serviceNames(): string[] {
  return readdirSync(join(repoRoot, "services")).filter(isService).sort();
}

/** Whether a folder services/<name> holds a service. */
export function isService(name: string): boolean {
  return existsSync(join(repoRoot, "services", name, "config", "default.json"));
}

/** The folder of a service's node-config files. */
export function serviceConfigDir(name: string): string {
  return join(repoRoot, "services", name, "config");
}

/** The environment variables a service reads: the values of its custom-environment-variables.json. */
export function serviceVariables(name: string): string[] {
  const names: string[] = [];
  const collect = (node: unknown): void => {
    if (typeof node === "string") names.push(node);
    else if (typeof node === "object" && node !== null) Object.values(node).forEach(collect);
  };
  collect(JSON.parse(read(`services/${name}/config/custom-environment-variables.json`)));
  return names.sort();
}

/** The gateway's upstream servers, `server <name>:<port>` in nginx/gateway/upstreams.conf. */
export function upstreams(): { name: string; port: number }[] {
  return [...read("nginx/gateway/upstreams.conf").matchAll(/^\s*server\s+([\w.-]+):(\d+)/gm)].map((found) => ({
    name: found[1]!,
    port: Number(found[2]),
  }));
}

/**
 * The environment variables the gateway's entrypoint and its DNS follower read: every
 * `${NAME…}`, and NAME_FILE for each list read by `from_file NAME`.
 */
export function gatewayVariables(): string[] {
  const scripts = read("nginx/entrypoint.sh") + read("nginx/resolve-upstreams.sh");
  const expanded = [...scripts.matchAll(/\$\{([A-Z][A-Z0-9_]*)[:}]/g)].map((found) => found[1]!);
  const fromFiles = [...scripts.matchAll(/^from_file ([A-Z][A-Z0-9_]*)$/gm)].map((found) => `${found[1]}_FILE`);
  return [...new Set([...expanded, ...fromFiles])].sort();
}

/** The gateway's HTTPS port and whether it answers its own `/healthz` (nginx/conf.d/gateway.conf). */
export function gatewayServer(): { port: number; healthPath: string } {
  const port = Number(match("nginx/conf.d/gateway.conf", /^\s*listen\s+(\d+)\s+ssl/m)[1]);
  const healthPath = match("nginx/conf.d/gateway.conf", /^\s*location\s*=\s*(\/healthz)\s*\{/m)[1]!;
  return { port, healthPath };
}

/** The port and path of the gateway's plain-HTTP metrics listener (nginx/conf.d/metrics.conf). */
export function gatewayMetrics(): { port: number; path: string } {
  const port = Number(match("nginx/conf.d/metrics.conf", /^\s*listen\s+(\d+);/m)[1]);
  const path = match("nginx/conf.d/metrics.conf", /^\s*location\s*=\s*(\/metrics)\s*\{/m)[1]!;
  return { port, path };
}

/** The files nginx reads its certificate and key from (nginx/gateway/tls.conf). */
export function gatewayTlsFiles(): string[] {
  const tls = read("nginx/gateway/tls.conf");
  return ["ssl_certificate", "ssl_certificate_key"].map((directive) => {
    const found = tls.match(new RegExp(`^${directive}\\s+(\\S+);`, "m"));
    if (!found) throw new Error(`nginx/gateway/tls.conf has no ${directive}: update deploy/k8s/test/sources.ts`);
    return found[1]!;
  });
}

/** How long nginx's graceful stop may take, in seconds (`worker_shutdown_timeout` in nginx.conf). */
export function gatewayShutdownSeconds(): number {
  return Number(match("nginx/nginx.conf", /^worker_shutdown_timeout\s+(\d+)s;/m)[1]);
}

/**
 * The directories nginx writes to: the entrypoint's generated config and the cache (from the
 * config), the pid file's folder and the temporary files' (the images' defaults: /run on
 * both, /var/lib/nginx on Debian's, under /var/cache/nginx on the official one).
 */
export function gatewayWritablePaths(): string[] {
  // `runtime=${GATEWAY_RUNTIME_DIR:-/etc/nginx/runtime}`: the default, where the image writes.
  const runtime = match("nginx/entrypoint.sh", /^runtime=\$\{GATEWAY_RUNTIME_DIR:-(\S+)\}$/m)[1]!;
  const cache = match("nginx/gateway/proxy-cache.conf", /^proxy_cache_path\s+(\S+)/m)[1]!;
  return [runtime, cache, "/run", "/var/lib/nginx", "/var/cache/nginx"];
}
