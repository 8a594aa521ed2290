// A stateful service's `database.*` settings, read from node-config like the shared ones
// (shared/src/server/config.ts), the URL and password also from files (`*_FILE`), as
// Swarm and Kubernetes hand secrets over.
import { ConfigError, readSecret, type ConfigReader } from "../server/config";
import { inMemory } from "./embedded";

export interface DatabaseOptions {
  /**
   * The PostgreSQL server (`database.url`, DATABASE_URL or DATABASE_URL_FILE), e.g.
   * `postgres://app@db:5432/app`; TLS with `?sslmode=verify-full&sslrootcert=<file>`.
   * Empty: the embedded database (PGlite) in `embeddedDir`.
   */
  url: string;
  /** The password when the URL has none (`database.passwordFile`, DATABASE_PASSWORD_FILE); may be empty. */
  password: string;
  /**
   * TLS to the server (`database.tls`, DATABASE_TLS): `off`, or `verify`: encrypted, and the
   * server's certificate checked against `caFile` (or the system's CAs) and its host name.
   * A URL's own `sslmode` takes precedence.
   */
  tls: "off" | "verify";
  /** The CA that signed the server's certificate (`database.caFile`, DATABASE_CA_FILE); empty for the system's. */
  caFile: string;
  /** Where the embedded database keeps its files (DATABASE_EMBEDDED_DIR); `memory://` keeps them in memory. */
  embeddedDir: string;
  /** The schema of the service's tables (`database.schema`): one per service, so services may share a database. */
  schema: string;
  /** Connections at most in the pool (DATABASE_POOL_MAX); `databaseDefaults`: 10. */
  poolMax: number;
  /**
   * How long a query waits for a connection before it fails with 503, and the listener's
   * catch-up round trip for its answer before the connection is made again (listen.ts), in
   * ms; `databaseDefaults`: 2000.
   */
  connectTimeoutMs: number;
  /** Pause between two tries while the database is unreachable, in ms; `databaseDefaults`: 1000. */
  retryIntervalMs: number;
  /** How long a starting service waits for the database (and its migrations) before it gives up, in ms; `databaseDefaults`: 60 000. */
  startupTimeoutMs: number;
}

/**
 * The library's pool size and timings, stated once: a service's config/ falls back to
 * them, and names `database.poolMax`, … only to differ.
 */
export const databaseDefaults = {
  poolMax: 10,
  connectTimeoutMs: 2000,
  retryIntervalMs: 1000,
  startupTimeoutMs: 60_000,
} as const satisfies Partial<DatabaseOptions>;

/** Reads `database.*`; refuses the embedded database where `database.allowEmbedded` is false (production). */
export function loadDatabaseConfig(read: ConfigReader): DatabaseOptions {
  const url = readSecret(read, "database.url").trim();
  if (url && !/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError("Setting database.url must be a postgres:// or postgresql:// URL");
  }
  if (!url && !read.boolean("database.allowEmbedded")) {
    throw new ConfigError(
      "Setting database.url is missing: set DATABASE_URL or DATABASE_URL_FILE (the embedded database is for development and tests)",
    );
  }
  const schema = read.string("database.schema");
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError(`Setting database.schema must be a lower-case SQL name, got ${JSON.stringify(schema)}`);
  }
  return {
    url,
    password: readSecret(read, "database.password").replace(/\r?\n$/, ""),
    tls: tlsMode(read.string("database.tls")),
    caFile: read.string("database.caFile"),
    embeddedDir: read.string("database.embeddedDir") || inMemory,
    schema,
    poolMax: read.integer("database.poolMax", 1, 1000, databaseDefaults.poolMax),
    connectTimeoutMs: read.integer("database.connectTimeoutMs", 1, undefined, databaseDefaults.connectTimeoutMs),
    retryIntervalMs: read.integer("database.retryIntervalMs", 1, undefined, databaseDefaults.retryIntervalMs),
    startupTimeoutMs: read.integer("database.startupTimeoutMs", 0, undefined, databaseDefaults.startupTimeoutMs),
  };
}

function tlsMode(value: string): DatabaseOptions["tls"] {
  if (value !== "off" && value !== "verify") {
    throw new ConfigError(`Setting database.tls must be off or verify, got ${JSON.stringify(value)}`);
  }
  return value;
}
