// The services of the repository as its shared files list them: one folder each under
// services/, named like the service, holding its package.json, its IDL (<name>.thrift)
// and its config/ (native port `server.port`, mount path `thrift.path`).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The service folders under services/. */
export function serviceFolders(root: string): string[] {
  return readdirSync(join(root, "services"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, "services", entry.name, "package.json")))
    .map((entry) => entry.name)
    .sort();
}

/** A service's config/default.json, from `text` when given (a planned file), else from disk. */
export function defaultConfig(
  root: string,
  service: string,
  text?: string,
): { server: { port: number }; thrift: { path: string } } {
  return JSON.parse(text ?? readFileSync(join(root, "services", service, "config/default.json"), "utf8")) as {
    server: { port: number };
    thrift: { path: string };
  };
}
