// The committed configuration, read as main.ts reads it: every environment must load.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfigFiles, loadServerConfig } from "@starter/shared/server";

const dir = join(__dirname, "../config");
const variables = [
  "PORT",
  "LISTEN_HOST",
  "HEADERS_TIMEOUT_MS",
  "MAX_CONNECTIONS",
  "LOG_LEVEL",
  "SHUTDOWN_GRACE_MS",
  "AUTH_ENABLED",
  "AUTH_BASIC_USERS",
  "AUTH_BEARER_TOKENS",
  "AUTH_BASIC_USERS_FILE",
  "AUTH_BEARER_TOKENS_FILE",
  "METRICS_REQUIRE_AUTH",
  "THRIFT_MAX_BODY_BYTES",
];
const saved = { ...process.env };
afterEach(() => {
  for (const name of variables) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});
beforeEach(() => {
  for (const name of variables) delete process.env[name];
});

describe("the echo configuration", () => {
  test("in development, listens on this machine only at its own port, and needs credentials", () => {
    expect(() => loadServerConfig(loadConfigFiles(dir, "development"))).toThrow(
      /^Authentication is on but no credentials are configured/,
    );
    process.env["AUTH_BEARER_TOKENS"] = "dev:dev-token";
    expect(loadServerConfig(loadConfigFiles(dir, "development"))).toMatchObject({
      host: "127.0.0.1",
      port: 8081,
      logLevel: "debug",
    });
  });

  test("in production, listens on every interface and takes its settings from the environment", () => {
    Object.assign(process.env, {
      PORT: "8080",
      HEADERS_TIMEOUT_MS: "5000",
      MAX_CONNECTIONS: "1000",
      LOG_LEVEL: "warn",
      SHUTDOWN_GRACE_MS: "5000",
      AUTH_BASIC_USERS: "ops:s3cret",
      AUTH_BEARER_TOKENS: "web:t0ken,batch:t1ken",
      METRICS_REQUIRE_AUTH: "true",
      THRIFT_MAX_BODY_BYTES: "65536",
    });
    expect(loadServerConfig(loadConfigFiles(dir, "production"))).toEqual({
      host: "0.0.0.0",
      port: 8080,
      keepAliveTimeoutMs: 75000,
      headersTimeoutMs: 5000,
      maxConnections: 1000,
      shutdownGraceMs: 5000,
      shutdownDelayMs: 1000,
      logLevel: "warn",
      auth: {
        realm: "echo",
        basicUsers: new Map([["ops", "s3cret"]]),
        bearerTokens: new Map([
          ["web", "t0ken"],
          ["batch", "t1ken"],
        ]),
      },
      metricsRequireAuth: true,
      thrift: { path: "/echo", maxBodyBytes: 65536, maxBodyBytesInFlight: 4 * 65536, maxTimeoutMs: 30000 },
    });
  });

  test("in production, takes the credentials from the files that Swarm or Kubernetes secrets mount", () => {
    const secrets = mkdtempSync(join(tmpdir(), "echo-secrets-"));
    try {
      writeFileSync(join(secrets, "basic-users"), "ops:s3cret\n");
      writeFileSync(join(secrets, "bearer-tokens"), "web:t0ken\n");
      process.env["AUTH_BASIC_USERS_FILE"] = join(secrets, "basic-users");
      process.env["AUTH_BEARER_TOKENS_FILE"] = join(secrets, "bearer-tokens");
      expect(loadServerConfig(loadConfigFiles(dir, "production")).auth).toEqual({
        realm: "echo",
        basicUsers: new Map([["ops", "s3cret"]]),
        bearerTokens: new Map([["web", "t0ken"]]),
      });
    } finally {
      rmSync(secrets, { recursive: true, force: true });
    }
  });

  test("in tests, uses a free port of 127.0.0.1 and the fake credentials", () => {
    expect(loadServerConfig(loadConfigFiles(dir, "test"))).toEqual({
      host: "127.0.0.1",
      port: 0,
      keepAliveTimeoutMs: 75000,
      headersTimeoutMs: 10000,
      maxConnections: 4096,
      shutdownGraceMs: 2000,
      shutdownDelayMs: 0,
      logLevel: "silent",
      auth: {
        realm: "echo",
        basicUsers: new Map([["test-user", "test-password"]]),
        bearerTokens: new Map([["test-client", "test-token"]]),
      },
      metricsRequireAuth: false,
      thrift: { path: "/echo", maxBodyBytes: 1048576, maxBodyBytesInFlight: 4 * 1048576, maxTimeoutMs: 30000 },
    });
  });

  test("authentication can be turned off, explicitly", () => {
    process.env["AUTH_ENABLED"] = "false";
    expect(loadServerConfig(loadConfigFiles(dir, "production")).auth).toBe(false);
  });
});
