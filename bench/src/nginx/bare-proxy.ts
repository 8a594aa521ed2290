// The bare nginx proxies (bench/nginx/bare-proxy.conf) with their ports filled in.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { edit } from "./edit";
import { nginxArgs } from "./gateway";

/** Writes the config into `dir` and returns the arguments that run nginx on it. */
export function renderBareProxy(
  root: string,
  dir: string,
  ports: { keepalive: number; withoutKeepalive: number; upstream: number },
): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, "nginx.conf");
  copyFileSync(join(root, "bench/nginx/bare-proxy.conf"), conf);
  edit(conf, "@LISTEN@", `127.0.0.1:${ports.keepalive}`);
  edit(conf, "@LISTEN_WITHOUT_KEEPALIVE@", `127.0.0.1:${ports.withoutKeepalive}`);
  edit(conf, "@UPSTREAM@", `127.0.0.1:${ports.upstream}`);
  return nginxArgs(dir);
}
