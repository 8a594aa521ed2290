// The gateway, run natively: a copy of nginx/ (nginx.conf, conf.d/, every gateway/*.conf
// concern file) with only what ties it to its container changed, so the measured hop is
// the real one: TLS, HTTP/2 offered, the auth map, request ids, the JSON access log, the
// cache, retries, limits. The credential map and rate limit come from the real entrypoint.
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { output } from "../processes";
import { edit } from "./edit";

export interface GatewayPorts {
  /** Where the gateway listens (HTTPS). */
  listen: number;
  echo: number;
  data: number;
}

/** Writes the config into `dir` and returns the arguments that run nginx on it. */
export async function renderGateway(
  root: string,
  dir: string,
  ports: GatewayPorts,
  basicUsers: string,
): Promise<string[]> {
  rmSync(dir, { recursive: true, force: true });
  for (const part of ["nginx.conf", "conf.d", "gateway", "entrypoint.sh"]) {
    cpSync(join(root, "nginx", part), join(dir, part), { recursive: true });
  }
  const at = (file: string) => join(dir, file);
  // 1. One worker, on the server core beside the service (the image runs one per core).
  //    No `user`: the files are the runner's, workers run as nginx's default user.
  edit(at("nginx.conf"), "worker_processes auto;", "worker_processes 1;");
  edit(at("nginx.conf"), "user nginx;\n", "");
  // 2. Host paths for the certificate (from `make certs`) and the cache.
  edit(at("gateway/tls.conf"), "/etc/nginx/certs/server.crt", join(root, ".certs/localhost.crt"));
  edit(at("gateway/tls.conf"), "/etc/nginx/certs/server.key", join(root, ".certs/localhost.key"));
  edit(at("gateway/proxy-cache.conf"), "/var/cache/nginx/gateway", join(dir, "cache"));
  // 3. Upstreams on 127.0.0.1 instead of compose's DNS names; user is not started (port 9
  //    answers nothing), nothing routes to it in the benchmark.
  edit(at("gateway/upstreams.conf"), "server echo:8080", `server 127.0.0.1:${ports.echo}`);
  edit(at("gateway/upstreams.conf"), "server data:8080", `server 127.0.0.1:${ports.data}`);
  edit(at("gateway/upstreams.conf"), "server user:8080", "server 127.0.0.1:9");
  edit(at("conf.d/gateway.conf"), "listen 8443 ", `listen 127.0.0.1:${ports.listen} `);
  // 4. The entrypoint writes runtime/ (credential map, rate limit, playground switch) from
  //    the environment. The rate limit is raised so it never trips: its bookkeeping still
  //    runs per request.
  await output("sh", [at("entrypoint.sh"), "true"], {
    GATEWAY_RUNTIME_DIR: at("runtime"),
    AUTH_BASIC_USERS: basicUsers,
    AUTH_BEARER_TOKENS: "",
    GATEWAY_RATE_LIMIT: "1000000r/s",
    GATEWAY_RATE_BURST: "200",
  });
  // 5. h2load opens no new connection after a GOAWAY (nghttp2 1.52, timed or counted runs
  //    alike), so at the gateway's 1,000 streams a connection (limits.conf, 5) its rows
  //    would stop after 1,000 calls a connection. Raised so that connections live the
  //    round, wrk's too: a typed client reconnects, at a TLS handshake per 1,000 calls.
  edit(at("gateway/limits.conf"), "keepalive_requests 1000;", "keepalive_requests 100000;");
  return nginxArgs(dir);
}

/** Runs nginx in the foreground on `dir/nginx.conf`, its pid file and relative paths in `dir`. */
export function nginxArgs(dir: string): string[] {
  return ["-p", dir, "-c", join(dir, "nginx.conf"), "-g", `daemon off; pid ${join(dir, "nginx.pid")};`];
}
