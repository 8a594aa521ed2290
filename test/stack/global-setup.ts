// Jest global setup of the `stack` project: builds the images and starts the whole stack
// once per run, from the docker-compose.yml that `make up` uses, under a random project
// name: two replicas each of echo, data and user behind the gateway, and Prometheus (the
// `observe` profile); the gateway and Prometheus alone are published, on 127.0.0.1, on
// free ports chosen for the run. The tests find it through STACK_* variables
// (Jest starts its workers after this, with this process's environment).
//
// Testcontainers settings, decided here unless the caller set them:
// 1. TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1: the gateway listens on the Docker host's
//    loopback only, so the tests must run on that host; without it Testcontainers, run
//    inside a container (as in CI), looks for the host through the bridge network.
// 2. Ryuk (the reaper that removes a run's containers if Jest dies) stays on where a
//    registry answers; with no registry (the stand-in base images were needed) its image
//    cannot be pulled, so it is off and global-teardown.ts and `make test-stack-clean`
//    (run by .ci/run) remove everything instead.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { DockerComposeEnvironment, getContainerRuntimeClient, Wait } from "testcontainers";
import {
  baseImages,
  composeExecutable,
  composeFile,
  containerName,
  imageTag,
  makeCertsAndSecrets,
  newProjectName,
  profiles,
  root,
  runningStack,
} from "./compose";

const startupTimeoutMs = Number(process.env["STACK_STARTUP_TIMEOUT_MS"] ?? 180_000);

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const images = baseImages();
  process.env["TESTCONTAINERS_HOST_OVERRIDE"] ??= "127.0.0.1";
  if (images.standIns) process.env["TESTCONTAINERS_RYUK_DISABLED"] ??= "true";
  const executable = composeExecutable();

  const project = newProjectName();
  const tmpDir = mkdtempSync(join(tmpdir(), `${project}-`));
  const { caFile, authEnvFile, dbPasswordFile } = makeCertsAndSecrets(tmpDir);
  const [gatewayPort, prometheusPort] = await freePorts(2);
  const environment = {
    NODE_IMAGE: images.NODE_IMAGE,
    NGINX_IMAGE: images.NGINX_IMAGE,
    POSTGRES_IMAGE: images.POSTGRES_IMAGE,
    PROMETHEUS_IMAGE: images.PROMETHEUS_IMAGE,
    IMAGE_TAG: imageTag,
    // Free ports of 127.0.0.1, fixed for the run: a test that takes the stack down and up
    // again (the data must survive it) finds the gateway and Prometheus where they were.
    GATEWAY_HTTPS_PORT: String(gatewayPort),
    PROMETHEUS_PORT: String(prometheusPort),
    CERTS_DIR: tmpDir,
    AUTH_ENV_FILE: authEnvFile,
    DB_PASSWORD_FILE: dbPasswordFile,
    // Tracing on, to the fake OTLP receiver gateway.tracing.test.ts starts as the host
    // `otlp` (otlp-receiver.ts); while it is not running, the services' exports fail
    // quietly and their spans are dropped. Short batches, so spans arrive within a poll.
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://otlp:4318",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_BSP_SCHEDULE_DELAY: "200",
  };

  let compose = new DockerComposeEnvironment(root, composeFile)
    .withProjectName(project)
    .withBuild()
    .withEnvironment(environment)
    .withProfiles(...profiles)
    // Every container has a health check (the services' /readyz, the gateway's /healthz,
    // Prometheus's /-/ready).
    .withDefaultWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(startupTimeoutMs);
  if (executable) compose = compose.withClientOptions({ executable });

  try {
    const stack = await compose.up();
    runningStack.set({ environment: stack, project, tmpDir });
    const gateway = stack.getContainer(containerName(project, "gateway", 1, executable !== undefined));
    const prometheus = stack.getContainer(containerName(project, "prometheus", 1, executable !== undefined));
    Object.assign(process.env, {
      STACK_COMPOSE_ENV: JSON.stringify(environment),
      STACK_PROJECT: project,
      STACK_GATEWAY_URL: `https://127.0.0.1:${gateway.getMappedPort(8443)}`,
      STACK_PROMETHEUS_URL: `http://127.0.0.1:${prometheus.getMappedPort(9090)}`,
      STACK_CA_FILE: caFile,
      STACK_AUTH_ENV_FILE: authEnvFile,
    });
    console.log(
      `\nstack: ${project} up in ${((Date.now() - started) / 1000).toFixed(1)} s, gateway ${process.env["STACK_GATEWAY_URL"]}` +
        ` (compose ${executable ? "v1" : "v2"}, Ryuk ${process.env["TESTCONTAINERS_RYUK_DISABLED"] === "true" ? "off" : "on"})`,
    );
  } catch (error) {
    // Jest skips the global teardown when the setup fails: clean up here. Testcontainers
    // already downs the project when `up` or a wait fails; this covers the rest.
    const client = await getContainerRuntimeClient();
    const composeOptions = profiles.flatMap((profile) => ["--profile", profile]);
    await client.compose
      .down(
        {
          filePath: root,
          files: composeFile,
          projectName: project,
          environment,
          composeOptions,
          ...(executable ? { executable } : {}),
        },
        { removeVolumes: true, timeout: 1000 },
      )
      .catch(() => undefined);
    rmSync(tmpDir, { recursive: true, force: true });
    throw error;
  }
}

/** `count` ports of 127.0.0.1, all free now and all different (each held until all are found). */
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.on("error", reject);
            server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
          }),
      ),
    );
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
