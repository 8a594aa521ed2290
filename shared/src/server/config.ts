// The settings every service shares, read from node-config (`config/*.json`, overridden
// from the environment through `config/custom-environment-variables.json`) and checked
// once at start: a typo stops the service with a plain message, not a late failure.
import { readFileSync } from "node:fs";
import { Load } from "config/lib/util";
import { CredentialsError, parseCredentials } from "../core/credentials";
import { defaultMaxTimeoutMs } from "../core/deadline";
import { defaultMaxBodyBytes, defaultMaxBodyBytesInFlight } from "../core/limits";
import { isMountPath } from "../core/mount-path";
import type { AuthOptions } from "./auth";
import { defaultHeadersTimeoutMs, defaultKeepAliveTimeoutMs, defaultMaxConnections } from "./http-server";
import { type LogLevel, logLevels } from "./logger";

/** A setting is missing or invalid. Its message names the setting and never shows a secret. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Typed, validated access to a configuration object (node-config's, or a plain object in tests). */
export interface ConfigReader {
  string(path: string): string;
  /**
   * An integer in `[min, max]`; strings (from environment variables) are parsed. When the
   * setting is absent, `fallback` if given (the library's default), else an error.
   */
  integer(path: string, min: number, max?: number, fallback?: number): number;
  /** `true`/`false`, or the strings `"true"`/`"false"` (from environment variables). */
  boolean(path: string): boolean;
}

export function createConfigReader(source: object): ConfigReader {
  function get(path: string, fallback?: unknown): unknown {
    let value: unknown = source;
    for (const key of path.split(".")) {
      value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (value !== undefined && value !== null) return value;
    if (fallback !== undefined) return fallback;
    throw new ConfigError(`Setting ${path} is missing (run from the service's folder, next to config/)`);
  }

  return {
    string(path) {
      const value = get(path);
      if (typeof value !== "string") throw new ConfigError(`Setting ${path} must be a string`);
      return value;
    },
    integer(path, min, max = Number.MAX_SAFE_INTEGER, fallback) {
      const value = get(path, fallback);
      const number = typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof number !== "number" || !Number.isSafeInteger(number) || number < min || number > max) {
        throw new ConfigError(`Setting ${path} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
      }
      return number;
    },
    boolean(path) {
      const value = get(path);
      if (value === true || value === "true") return true;
      if (value === false || value === "false") return false;
      throw new ConfigError(`Setting ${path} must be true or false, got ${JSON.stringify(value)}`);
    },
  };
}

/**
 * Reads a config folder as node-config does for NODE_ENV=`env` (`default.json`, then
 * `<env>.json`, then the environment variables mapped in
 * `custom-environment-variables.json`), without its process-wide instance: for tests
 * that check a service's committed configuration.
 */
export function loadConfigFiles(dir: string, env: string): object {
  return new Load({ configDir: dir, nodeEnv: [env] }).scan();
}

/** Where a service's Thrift endpoint is and what one call may take (`thrift.*`). */
export interface ThriftSettings {
  /** The mount path of the Thrift endpoint, e.g. `/echo`: the service's address behind the gateway. */
  path: string;
  /**
   * The largest request body accepted, in bytes; larger ones get 413 before being read
   * (THRIFT_MAX_BODY_BYTES; `defaultMaxBodyBytes`, 1 MiB, the gateway's too).
   */
  maxBodyBytes: number;
  /**
   * Most request body bytes the calls in hand may hold together; a call past it gets 503
   * with Retry-After (THRIFT_MAX_BODY_BYTES_IN_FLIGHT; `defaultMaxBodyBytesInFlight`,
   * 4 × maxBodyBytes).
   */
  maxBodyBytesInFlight: number;
  /**
   * The longest a call may run, in ms, whatever the caller's deadline or the IDL's
   * `timeout_ms` ask (THRIFT_MAX_TIMEOUT_MS; `defaultMaxTimeoutMs`, 30 000).
   */
  maxTimeoutMs: number;
}

export interface ServerConfig {
  /** Interface to listen on (`0.0.0.0` for all, `127.0.0.1` for this machine only). */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /**
   * How long an idle keep-alive connection stays open, in ms (`server.keepAliveTimeoutMs`;
   * `defaultKeepAliveTimeoutMs`, 75 000). Longer than the gateway's upstream keep-alive, so
   * nginx never sends on a connection Node just closed.
   */
  keepAliveTimeoutMs: number;
  /**
   * How long a request head may take to arrive, in ms, the first on a new connection
   * included: past it, 408 and the connection is closed (`server.headersTimeoutMs`,
   * HEADERS_TIMEOUT_MS; `defaultHeadersTimeoutMs`, 10 000; at most 300 000).
   */
  headersTimeoutMs: number;
  /**
   * Connections open at once; more are closed as soon as accepted
   * (`server.maxConnections`, MAX_CONNECTIONS; `defaultMaxConnections`, 4096).
   */
  maxConnections: number;
  /** How long a shutdown may take before in-flight work is cut and the exit code is 1. */
  shutdownGraceMs: number;
  /** How long to keep answering (with `Connection: close`) after a stop signal before the listener closes. */
  shutdownDelayMs: number;
  logLevel: LogLevel;
  /** The accepted credentials, or `false` when `auth.enabled` is false (trusted networks only). */
  auth: AuthOptions | false;
  /** Whether `GET /metrics` needs credentials too. */
  metricsRequireAuth: boolean;
  thrift: ThriftSettings;
}

/**
 * Reads and checks the shared settings: `server.*`, `log.level`, `auth.*`,
 * `metrics.requireAuth`, `thrift.*`. Authentication is on unless disabled explicitly, and on
 * without credentials the service refuses to start. The limits and timings the gateway
 * must agree with (keep-alive, head timeout, connections, body size, longest call) default
 * to the library's, stated once (http-server.ts, core/limits.ts, core/deadline.ts): a
 * service's config/ names them only to differ.
 */
export function loadServerConfig(source: object): ServerConfig {
  const read = createConfigReader(source);
  const logLevel = read.string("log.level") as LogLevel;
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError(`Setting log.level must be one of ${logLevels.join(", ")}, got ${JSON.stringify(logLevel)}`);
  }
  const shutdownGraceMs = read.integer("server.shutdownGraceMs", 0);
  const shutdownDelayMs = read.integer("server.shutdownDelayMs", 0);
  const maxBodyBytes = read.integer("thrift.maxBodyBytes", 1, Number.MAX_SAFE_INTEGER, defaultMaxBodyBytes);
  if (shutdownDelayMs > 0 && shutdownDelayMs >= shutdownGraceMs) {
    throw new ConfigError(
      "Setting server.shutdownDelayMs must be shorter than server.shutdownGraceMs, which includes it",
    );
  }
  return {
    host: read.string("server.host"),
    port: read.integer("server.port", 0, 65535),
    keepAliveTimeoutMs: read.integer("server.keepAliveTimeoutMs", 1000, 2 ** 31 - 1, defaultKeepAliveTimeoutMs),
    headersTimeoutMs: read.integer("server.headersTimeoutMs", 1, 300_000, defaultHeadersTimeoutMs),
    maxConnections: read.integer("server.maxConnections", 1, 2 ** 31 - 1, defaultMaxConnections),
    shutdownGraceMs,
    shutdownDelayMs,
    logLevel,
    auth: read.boolean("auth.enabled") ? loadAuth(read) : false,
    metricsRequireAuth: read.boolean("metrics.requireAuth"),
    thrift: {
      path: mountPath(read.string("thrift.path")),
      maxBodyBytes,
      maxBodyBytesInFlight: read.integer(
        "thrift.maxBodyBytesInFlight",
        1,
        Number.MAX_SAFE_INTEGER,
        defaultMaxBodyBytesInFlight(maxBodyBytes),
      ),
      maxTimeoutMs: read.integer("thrift.maxTimeoutMs", 1, 2 ** 31 - 1, defaultMaxTimeoutMs),
    },
  };
}

function loadAuth(read: ConfigReader): AuthOptions {
  const basicUsers = credentials(read, "auth.basicUsers");
  const bearerTokens = credentials(read, "auth.bearerTokens");
  if (basicUsers.size === 0 && bearerTokens.size === 0) {
    throw new ConfigError(
      "Authentication is on but no credentials are configured: set AUTH_BASIC_USERS (user:password,…) " +
        "or AUTH_BEARER_TOKENS (name:token,…), or AUTH_ENABLED=false on a trusted network",
    );
  }
  return { basicUsers, bearerTokens, realm: read.string("auth.realm") };
}

/** A credential list (core/credentials.ts), inline or from its file. */
function credentials(read: ConfigReader, path: string): Map<string, string> {
  const text = readSecret(read, path);
  try {
    return parseCredentials(text, path);
  } catch (error) {
    throw error instanceof CredentialsError ? new ConfigError(error.message) : error;
  }
}

/**
 * A secret setting, given either inline (`auth.basicUsers`, from AUTH_BASIC_USERS) or as
 * the path of a file holding it (`auth.basicUsersFile`, from AUTH_BASIC_USERS_FILE): Docker
 * Swarm and Kubernetes hand secrets over as files, which keeps them out of the environment
 * that `docker inspect` and child processes see. Setting both is refused rather than
 * guessing which one wins.
 */
export function readSecret(read: ConfigReader, path: string): string {
  const inline = read.string(path);
  const file = read.string(`${path}File`);
  if (!file) return inline;
  if (inline.trim()) throw new ConfigError(`Settings ${path} and ${path}File are both set: keep one`);
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(`Setting ${path}File: cannot read ${file} (${reason})`);
  }
}

function mountPath(path: string): string {
  if (!isMountPath(path)) {
    throw new ConfigError(`Setting thrift.path must be a path such as /echo, got ${JSON.stringify(path)}`);
  }
  return path;
}
