// PostgreSQL for the stack tests, two ways:
// 1. The stack's own database (the `db` service), reached through the Docker CLI: psql in
//    its container, and a session that holds a row lock for as long as a test wants.
// 2. A server of its own for a test file (Testcontainers, the stack's POSTGRES_IMAGE),
//    published on 127.0.0.1 only: the repository suites run on it, as they run on the
//    embedded database in the unit tests.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { GenericContainer, Wait, type StartedTestContainer } from "testcontainers";
import { openDatabase, type Database, type DatabaseOptions, type MigrationSet } from "@starter/shared/db";
import { createLogger } from "@starter/shared/server";
import { docker, replicasOf, type Replica } from "./replicas";

/** The stack's database container. */
export async function stackDatabase(): Promise<Replica> {
  const [db] = await replicasOf("db");
  if (!db) throw new Error("the stack has no db container");
  return db;
}

/** Runs SQL with psql in the stack's database container; resolves with its unaligned output. */
export async function psql(sql: string): Promise<string> {
  const db = await stackDatabase();
  return (
    await docker(["exec", db.id, "psql", "-U", "app", "-d", "app", "-v", "ON_ERROR_STOP=1", "-Atq", "-c", sql])
  ).trim();
}

/**
 * Opens a psql session in the stack's database that runs `sql` in a transaction and keeps
 * it open (its locks held) until `release` commits it. Resolves once `sql` has run.
 */
export async function holdTransaction(sql: string): Promise<{ release(): Promise<void> }> {
  const db = await stackDatabase();
  const session = spawn(
    "docker",
    ["exec", "-i", db.id, "psql", "-U", "app", "-d", "app", "-v", "ON_ERROR_STOP=1", "-Atq"],
    {
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let output = "";
  session.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  session.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => session.on("close", resolve));
  session.stdin.write(`BEGIN;\n${sql};\nSELECT 'held';\n`);
  for (let attempt = 0; !output.includes("held"); attempt++) {
    if (attempt > 100 || session.exitCode !== null) throw new Error(`psql did not take the lock: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    async release() {
      session.stdin.end("COMMIT;\n");
      const code = await exited;
      if (code !== 0) throw new Error(`psql ended with ${code}: ${output}`);
    },
  };
}

/** A PostgreSQL server of the test file's own. */
export interface TestServer {
  /** A migrated database on it in `schema`, as a replica of a service opens it; closed by `stop`. */
  open(schema: string, migrations: readonly MigrationSet[], options?: Partial<DatabaseOptions>): Promise<Database>;
  /** Runs SQL as the server's superuser, outside any service's pool. */
  sql(text: string): Promise<string>;
  stop(): Promise<void>;
}

// Published on the host's loopback only (Testcontainers has no option for it).
class LoopbackContainer extends GenericContainer {
  protected override async beforeContainerCreated(): Promise<void> {
    for (const bindings of Object.values(this.hostConfig.PortBindings ?? {}) as { HostIp?: string }[][]) {
      for (const binding of bindings) binding.HostIp = "127.0.0.1";
    }
  }
}

export async function startTestServer(): Promise<TestServer> {
  const image = JSON.parse(process.env["STACK_COMPOSE_ENV"] ?? "{}")["POSTGRES_IMAGE"] as string | undefined;
  if (!image) throw new Error("STACK_COMPOSE_ENV has no POSTGRES_IMAGE: run the stack tests with `make test-stack`");
  const password = randomBytes(16).toString("hex");
  const container: StartedTestContainer = await new LoopbackContainer(image)
    .withEnvironment({ POSTGRES_USER: "app", POSTGRES_DB: "app", POSTGRES_PASSWORD: password })
    .withExposedPorts(5432)
    .withHealthCheck({
      test: ["CMD", "pg_isready", "-U", "app", "-d", "app", "-h", "127.0.0.1"],
      interval: 500,
      timeout: 3000,
      retries: 120,
    })
    .withWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(60_000)
    .start();
  const url = `postgres://app:${password}@127.0.0.1:${container.getMappedPort(5432)}/app`;
  const opened: Database[] = [];
  const logger = createLogger({ level: "silent", name: "test" });
  return {
    async open(schema, migrations, options = {}) {
      const settings: DatabaseOptions = {
        url,
        password: "",
        tls: "off",
        caFile: "",
        embeddedDir: "",
        schema,
        poolMax: 10,
        connectTimeoutMs: 2000,
        retryIntervalMs: 200,
        startupTimeoutMs: 10_000,
        ...options,
      };
      const db = await openDatabase(settings, { logger, migrations });
      opened.push(db);
      return db;
    },
    async sql(text) {
      const result = await container.exec([
        "psql",
        "-U",
        "app",
        "-d",
        "app",
        "-v",
        "ON_ERROR_STOP=1",
        "-Atq",
        "-c",
        text,
      ]);
      if (result.exitCode !== 0) throw new Error(`psql: ${result.output}`);
      return result.stdout.trim();
    },
    async stop() {
      await Promise.all(opened.splice(0).map((db) => db.close().catch(() => undefined)));
      await container.stop({ timeout: 1000 });
    },
  };
}
