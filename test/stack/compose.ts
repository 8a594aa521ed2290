// How the stack tests run the stack: the repository's docker-compose.yml, driven by
// Testcontainers' DockerComposeEnvironment, with a CA, credentials and a project name of
// the run's own. Used by global-setup.ts and global-teardown.ts (Jest's parent process);
// the tests themselves only read the STACK_* variables (stack.ts).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import type { StartedDockerComposeEnvironment } from "testcontainers";

export const root = resolve(__dirname, "../..");
export const composeFile = "docker-compose.yml";

/**
 * Every run's project name: the prefix says who made it, the random part keeps runs on
 * one Docker engine apart. `make test-stack-clean` removes what matches it.
 */
export const projectPrefix = "thrift-http-starter-test-";
export const newProjectName = () => `${projectPrefix}${randomBytes(4).toString("hex")}`;

/** The images the tests build, tagged apart from `make up`'s `dev` ones. */
export const imageTag = process.env["STACK_IMAGE_TAG"] ?? "test";

/** What global-setup.ts leaves for global-teardown.ts (same process, Jest's parent). */
export interface RunningStack {
  environment: StartedDockerComposeEnvironment;
  project: string;
  tmpDir: string;
}
const key = Symbol.for("thrift-http-starter.stack");
export const runningStack = {
  get: () => (globalThis as Record<symbol, RunningStack | undefined>)[key],
  set: (stack: RunningStack | undefined) => {
    (globalThis as Record<symbol, RunningStack | undefined>)[key] = stack;
  },
};

function succeeds(file: string, args: string[]): boolean {
  try {
    execFileSync(file, args, { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Compose v2 (`docker compose`) where its plugin is installed, as on most machines; else
 * Debian's standalone v1 (`docker-compose`), as on this project's CI machines.
 */
export function composeExecutable(): { standalone: true } | undefined {
  if (succeeds("docker", ["compose", "version"])) return undefined;
  if (succeeds("docker-compose", ["version"])) return { standalone: true };
  throw new Error("Neither `docker compose` nor `docker-compose` answers: run `make docker` first");
}

/** The container name Compose gives replica `index` of `service` (v2: dashes; v1: underscores, project first). */
export function containerName(project: string, service: string, index: number, v1: boolean): string {
  return v1 ? `${project}_${service}_${index}` : `${service}-${index}`;
}

/**
 * NODE_IMAGE and NGINX_IMAGE for the Dockerfiles, POSTGRES_IMAGE for the database,
 * PROMETHEUS_IMAGE for the observe profile: from the environment when given (the Makefile
 * passes them), else from scripts/base-images.sh, which builds stand-ins from Debian
 * packages where no registry answers. `standIns` says which case it was.
 */
export function baseImages(): {
  NODE_IMAGE: string;
  NGINX_IMAGE: string;
  POSTGRES_IMAGE: string;
  PROMETHEUS_IMAGE: string;
  standIns: boolean;
} {
  const names = ["NODE_IMAGE", "NGINX_IMAGE", "POSTGRES_IMAGE", "PROMETHEUS_IMAGE"] as const;
  let values: Record<string, string | undefined> = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  if (names.some((name) => !values[name])) {
    const printed = execFileSync(join(root, "scripts/base-images.sh"), {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    values = Object.fromEntries(
      printed
        .trim()
        .split("\n")
        .map((line) => line.split("=", 2) as [string, string]),
    );
    if (names.some((name) => !values[name]))
      throw new Error(`scripts/base-images.sh printed no base images:\n${printed}`);
  }
  const [node, nginx, postgres, prometheus] = names.map((name) => values[name]!) as [string, string, string, string];
  return {
    NODE_IMAGE: node,
    NGINX_IMAGE: nginx,
    POSTGRES_IMAGE: postgres,
    PROMETHEUS_IMAGE: prometheus,
    standIns: [node, nginx, postgres, prometheus].some((image) => image.startsWith("local/")),
  };
}

/**
 * The compose profiles the stack tests start beside the default services: `observe`, the
 * Prometheus of `make up OBSERVE=1`, which gateway.prometheus.test.ts checks. It starts
 * beside the services, in about a second, so every run has it.
 */
export const profiles = ["observe"];

/**
 * Runs scripts/certs.sh and scripts/secrets.sh into `dir`: a CA, credentials and a
 * database password for this run only.
 */
export function makeCertsAndSecrets(dir: string): { caFile: string; authEnvFile: string; dbPasswordFile: string } {
  const authEnvFile = join(dir, "auth.env");
  execFileSync(join(root, "scripts/certs.sh"), [dir], { stdio: ["ignore", "ignore", "pipe"] });
  execFileSync(join(root, "scripts/secrets.sh"), [authEnvFile], { stdio: ["ignore", "ignore", "pipe"] });
  return { caFile: join(dir, "ca.crt"), authEnvFile, dbPasswordFile: join(dir, "db_password") };
}
