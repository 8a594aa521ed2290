// The running stack as the tests see it, from the STACK_* variables global-setup.ts
// exported: where the gateway is, the CA that signed its certificate, who may call it,
// where Prometheus answers.
import { readFileSync } from "node:fs";
import { parseCredentials, type ClientAuth } from "@starter/shared/client";

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the stack tests with \`make test-stack\` (or \`npm run test:stack\`)`);
  return value;
}

function readAuthEnv(file: string): Record<string, string> {
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => /^[A-Z_]+=/.test(line));
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

const authEnv = readAuthEnv(required("STACK_AUTH_ENV_FILE"));
// Read as the services and the gateway read them (core/credentials.ts).
const basicUsers = parseCredentials(authEnv["AUTH_BASIC_USERS"] ?? "", "AUTH_BASIC_USERS");
const bearerTokens = parseCredentials(authEnv["AUTH_BEARER_TOKENS"] ?? "", "AUTH_BEARER_TOKENS");

function secret(map: Map<string, string>, name: string): string {
  const value = map.get(name);
  if (value === undefined)
    throw new Error(`${name} is missing from ${process.env["STACK_AUTH_ENV_FILE"]} (see scripts/secrets.sh)`);
  return value;
}

export const stack = {
  /** The Compose project: its containers carry `com.docker.compose.project=<project>`. */
  project: required("STACK_PROJECT"),
  /** `https://127.0.0.1:<port>`, the stack's published port for calls. */
  gatewayUrl: required("STACK_GATEWAY_URL"),
  /** The run's own dev CA (scripts/certs.sh), which signed the gateway's certificate. */
  ca: readFileSync(required("STACK_CA_FILE")),
  /** `http://127.0.0.1:<port>`: Prometheus (the compose profile `observe`), its UI and API. */
  prometheusUrl: required("STACK_PROMETHEUS_URL"),
};

/** The identities scripts/secrets.sh creates: two Basic users and one Bearer token. */
export const callers = {
  alice: { basic: { username: "alice", password: secret(basicUsers, "alice") } },
  bob: { basic: { username: "bob", password: secret(basicUsers, "bob") } },
  ci: { bearer: secret(bearerTokens, "ci") },
} satisfies Record<string, ClientAuth>;

/** The `Authorization` header of a caller, for raw requests. */
export function authorization(auth: ClientAuth): string {
  if ("bearer" in auth) return `Bearer ${auth.bearer}`;
  return `Basic ${Buffer.from(`${auth.basic.username}:${auth.basic.password}`).toString("base64")}`;
}

/** A value unique to this call site and run, for keys, emails and request ids. */
export function unique(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
