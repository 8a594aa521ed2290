// The Kubernetes manifests, checked without a cluster: the base and each overlay build with
// kustomize into the expected objects, each valid against the Kubernetes API schemas, and
// the objects agree with each other and with the code they deploy (selectors and labels,
// ports, probes, configuration keys, Secrets, graceful shutdown, security, resources).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
// biome-ignore-start syntax/correctness/noTypeOnlyImportAttributes: TypeScript's resolution-mode, for type-only imports of an ES module (biomejs/biome#5564).
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment" with { "resolution-mode": "import" };
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler" with {
  "resolution-mode": "import",
};
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget" with {
  "resolution-mode": "import",
};
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap" with { "resolution-mode": "import" };
import type { IContainer } from "kubernetes-models/v1/Container" with { "resolution-mode": "import" };
import type { IPodSpec } from "kubernetes-models/v1/PodSpec" with { "resolution-mode": "import" };
import type { IService } from "kubernetes-models/v1/Service" with { "resolution-mode": "import" };
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet" with { "resolution-mode": "import" };
// biome-ignore-end syntax/correctness/noTypeOnlyImportAttributes: the kubernetes-models imports end here.
import { parse } from "yaml";
import type { DatabaseOptions } from "@starter/shared/db";
import {
  createLogger,
  createServerApp,
  loadConfigFiles,
  loadServerConfig,
  serve,
  type ServerConfig,
} from "@starter/shared/server";
import { loadDataConfig } from "@starter/data/config";
import { loadUserConfig } from "@starter/user/config";
import { build, schemaErrors, type KubeObject } from "./kustomize";
import {
  gatewayMetrics,
  gatewayServer,
  gatewayShutdownSeconds,
  gatewayTlsFiles,
  gatewayVariables,
  gatewayWritablePaths,
  isService,
  repoRoot,
  serviceConfigDir,
  serviceNames,
  servicePort,
  serviceVariables,
  upstreams,
} from "./sources";

const k8s = join(repoRoot, "deploy/k8s");

/**
 * How each service reads its configuration, as its main.ts does: services with settings of
 * their own have a loader of their own, the others (echo and those new-service makes from
 * it) read the settings every service shares.
 */
const configLoaders: Record<string, (source: object) => ServerConfig> = {
  data: loadDataConfig,
  user: loadUserConfig,
};
const configLoader = (service: string) => configLoaders[service] ?? loadServerConfig;

/**
 * The Secrets the manifests expect to exist, with their keys: created by hand, never
 * committed (deploy/k8s/README.md says how).
 */
const secrets: Record<string, string[]> = {
  auth: ["basic-users", "bearer-tokens"],
  "gateway-tls": ["tls.crt", "tls.key"],
  // The services' database: its URL; in the dev overlay the password of the PostgreSQL it
  // runs; in production the CA of the managed database's certificate.
  database: ["url", "password", "ca.crt"],
};

/** The Secret each `*_FILE` variable's file comes from. */
const secretOfVariable: Record<string, string> = {
  AUTH_BASIC_USERS_FILE: "auth",
  AUTH_BEARER_TOKENS_FILE: "auth",
  DATABASE_URL_FILE: "database",
};

/** What a check puts in a secret file: something of the right shape, never a real secret. */
const fakeSecrets: Record<string, string> = {
  DATABASE_URL_FILE: "postgres://check:not-a-real-secret@db:5432/app\n",
};

/** The services that keep state, in the database. */
const stateful = ["data", "user"];

/** CoreDNS's default TTL for the records of a Service: how stale the gateway's look-up may be. */
const dnsTtlSeconds = 5;

const builds = {
  base: build(join(k8s, "base")),
  "overlays/dev": build(join(k8s, "overlays/dev")),
  "overlays/production": build(join(k8s, "overlays/production")),
};
type BuildName = keyof typeof builds;

function ofKind<T>(objects: KubeObject[], kind: string): (KubeObject & T)[] {
  return objects.filter((object) => object.kind === kind) as (KubeObject & T)[];
}

function named<T extends KubeObject>(objects: T[], name: string): T {
  const found = objects.find((object) => object.metadata.name === name);
  if (!found) throw new Error(`no ${name} among ${objects.map((object) => object.metadata.name).join(", ")}`);
  return found;
}

function podSpec(deployment: IDeployment): IPodSpec {
  return deployment.spec!.template.spec!;
}

function container(deployment: IDeployment): IContainer {
  const containers = podSpec(deployment).containers;
  expect(containers).toHaveLength(1);
  return containers[0]!;
}

/** The workload an image runs: thrift-http-starter/<name>:<tag>. */
function imageName(deployment: IDeployment): string {
  return container(deployment)
    .image!.replace(/^(.*\/)?thrift-http-starter\//, "")
    .replace(/:.*$/, "");
}

function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

/** Who a selector picks: the names of the Deployments whose pods carry all its labels. */
function selected(deployments: IDeployment[], selector: Record<string, string>): string[] {
  return deployments
    .filter((deployment) => matches(selector, deployment.spec!.template.metadata!.labels))
    .map((d) => d.metadata!.name!);
}

/** A container's environment: its own variables, then those of the ConfigMaps it takes whole. */
function environment(objects: KubeObject[], deployment: IDeployment): Record<string, string> {
  const configMaps = ofKind<IConfigMap>(objects, "ConfigMap");
  const { env = [], envFrom = [] } = container(deployment);
  const fromConfigMaps = envFrom.map((source) => named(configMaps, source.configMapRef!.name!).data ?? {});
  const own = Object.fromEntries(env.map((variable) => [variable.name, variable.value!]));
  return Object.assign({}, ...fromConfigMaps, own) as Record<string, string>;
}

/** Seconds of the preStop pause, an exec of `sleep <seconds>`. */
function preStopSeconds(deployment: IDeployment): number {
  const command = container(deployment).lifecycle?.preStop?.exec?.command;
  expect(command).toEqual(["sleep", expect.stringMatching(/^\d+$/)]);
  return Number(command![1]);
}

/** The container's volume mount a path lies in, if any. */
function mountFor(deployment: IDeployment, path: string) {
  return (container(deployment).volumeMounts ?? []).find(
    (mount) => path === mount.mountPath || path.startsWith(`${mount.mountPath}/`),
  );
}

/** The variables naming a file that holds another variable's value (the *_FILE convention). */
function fileVariables(names: string[], known: string[]): string[] {
  return names.filter((name) => name.endsWith("_FILE") && known.includes(name.slice(0, -"_FILE".length)));
}

/** The variables a workload's program reads. */
function knownVariables(deployment: IDeployment): string[] {
  const name = deployment.metadata!.name!;
  return name === "gateway" ? gatewayVariables() : serviceVariables(name);
}

/**
 * Reads a service's configuration from its committed config/ files and the environment the
 * manifests give its container (NODE_ENV and PORT from the image), with credential files
 * standing in for the Secret's.
 */
function loadServiceConfig(service: string, env: Record<string, string>): ServerConfig {
  const secretsDir = mkdtempSync(join(tmpdir(), "k8s-secrets-"));
  const saved = { ...process.env };
  try {
    const secretFiles = fileVariables(Object.keys(env), serviceVariables(service));
    const withFiles = Object.fromEntries(
      Object.entries(env).map(([name, value]) => {
        if (!secretFiles.includes(name)) return [name, value];
        const file = join(secretsDir, name);
        writeFileSync(file, fakeSecrets[name] ?? "check:not-a-real-secret\n");
        return [name, file];
      }),
    );
    process.env = { ...withFiles, NODE_ENV: "production", PORT: String(servicePort()) };
    return configLoader(service)(loadConfigFiles(serviceConfigDir(service), "production"));
  } finally {
    process.env = saved;
    rmSync(secretsDir, { recursive: true, force: true });
  }
}

describe("the kustomizations", () => {
  test("every YAML file under deploy/k8s is a kustomization or is used by one", () => {
    const files = readdirSync(k8s, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".yaml"));
    const used = new Set<string>();
    for (const file of files.filter((name) => name.endsWith("kustomization.yaml"))) {
      const dir = join(k8s, file, "..");
      const kustomization = parse(readFileSync(join(k8s, file), "utf8")) as {
        resources?: string[];
        patches?: { path?: string }[];
      };
      used.add(file);
      for (const path of [
        ...(kustomization.resources ?? []),
        ...(kustomization.patches ?? []).flatMap((patch) => patch.path ?? []),
      ]) {
        used.add(relative(k8s, join(dir, path)));
      }
    }
    expect(files.filter((file) => !used.has(file))).toEqual([]);
  });

  test("README.md says how to create each Secret they use", () => {
    const readme = readFileSync(join(k8s, "README.md"), "utf8");
    const documented = [...readme.matchAll(/kubectl\b.* create secret (?:generic|tls) ([\w-]+)/g)].map(
      (found) => found[1],
    );
    expect([...new Set(documented)].sort()).toEqual(Object.keys(secrets).sort());
  });
});

describe.each(Object.keys(builds) as BuildName[])("%s", (buildName) => {
  const objects = builds[buildName];
  const deployments = ofKind<IDeployment>(objects, "Deployment");
  // The Services of the Deployments: the dev overlay's PostgreSQL (a StatefulSet) is checked on its own.
  const statefulSets = ofKind<IStatefulSet>(objects, "StatefulSet").map((set) => set.metadata!.name!);
  const services = ofKind<IService>(objects, "Service").filter(
    (service) => !statefulSets.includes(service.metadata!.name!),
  );
  const thriftServices = deployments.filter(
    (d) => d.metadata!.labels?.["app.kubernetes.io/component"] === "thrift-service",
  );
  const gateway = named(deployments, "gateway");

  test("builds into the stack's objects, and nothing else", () => {
    const ids = objects.map(
      ({ kind, metadata }) =>
        // A generated ConfigMap's name ends in a hash of its content.
        `${kind}/${kind === "ConfigMap" ? metadata.name.replace(/-[a-z0-9]{10}$/, "") : metadata.name}`,
    );
    const namespace =
      buildName === "base" ? [] : [`Namespace/${buildName === "overlays/dev" ? "thrift-http-dev" : "thrift-http"}`];
    const database = buildName === "overlays/dev" ? ["StatefulSet/db", "Service/db"] : [];
    expect(ids.sort()).toEqual(
      [
        ...namespace,
        "ConfigMap/gateway",
        "ConfigMap/services",
        ...[...serviceNames(), "gateway"].flatMap((name) => [
          `Deployment/${name}`,
          `Service/${name}`,
          `PodDisruptionBudget/${name}`,
          `HorizontalPodAutoscaler/${name}`,
        ]),
        ...database,
      ].sort(),
    );
  });

  test("every object is valid against the Kubernetes API schemas", async () => {
    const errors = await Promise.all(
      objects.map(async (object) => [`${object.kind}/${object.metadata.name}`, await schemaErrors(object)]),
    );
    expect(errors.filter(([, found]) => found.length > 0)).toEqual([]);
  });

  test("each Deployment selects its own pods, by their app.kubernetes.io/name", () => {
    for (const deployment of deployments) {
      const name = deployment.metadata!.name!;
      expect(deployment.spec!.selector.matchLabels).toEqual({ "app.kubernetes.io/name": name });
      expect(selected(deployments, deployment.spec!.selector.matchLabels!)).toEqual([name]);
    }
  });

  test("each Service, disruption budget and autoscaler is for the Deployment of its name", () => {
    const targets = (kind: string, target: (object: KubeObject) => string[]) =>
      Object.fromEntries(
        objects
          .filter((object) => object.kind === kind && !statefulSets.includes(object.metadata.name))
          .map((object) => [object.metadata.name, target(object)]),
      );
    const identity = Object.fromEntries(deployments.map((d) => [d.metadata!.name!, [d.metadata!.name!]]));
    expect(targets("Service", (s) => selected(deployments, (s as IService).spec!.selector!))).toEqual(identity);
    expect(
      targets("PodDisruptionBudget", (p) =>
        selected(deployments, (p as IPodDisruptionBudget).spec!.selector!.matchLabels!),
      ),
    ).toEqual(identity);
    expect(
      targets("HorizontalPodAutoscaler", (h) => {
        const { kind, name } = (h as IHorizontalPodAutoscaler).spec!.scaleTargetRef;
        return kind === "Deployment" && deployments.some((d) => d.metadata!.name === name) ? [name] : [];
      }),
    ).toEqual(identity);
  });

  test("each Service sends to a named port its pods declare", () => {
    for (const service of services) {
      const ports = container(named(deployments, service.metadata!.name!)).ports!.map((port) => port.name);
      for (const port of service.spec!.ports!) expect(ports).toContain(port.targetPort);
    }
  });

  test("the gateway's upstreams are the Thrift services, by headless Services (one address per ready pod), on their ports", () => {
    expect(
      upstreams()
        .map(({ name }) => name)
        .sort(),
    ).toEqual(thriftServices.map((d) => d.metadata!.name!).sort());
    for (const { name, port } of upstreams()) {
      const service = named(services, name);
      expect(service.spec!.clusterIP).toBe("None");
      expect(service.spec!.ports!.map((p) => p.port)).toContain(port);
    }
  });

  test("each Thrift service runs its own image, listens where its probes and Service look, and its app answers the probes without credentials", async () => {
    for (const deployment of thriftServices) {
      const name = deployment.metadata!.name!;
      expect(imageName(deployment)).toBe(name);
      expect(isService(name)).toBe(true);
      const { ports, readinessProbe, livenessProbe } = container(deployment);
      const settings = loadServiceConfig(name, environment(objects, deployment));
      expect(ports).toEqual([{ name: "http", containerPort: settings.port }]);
      expect([readinessProbe?.httpGet, livenessProbe?.httpGet]).toEqual([
        { path: "/readyz", port: "http" },
        { path: "/healthz", port: "http" },
      ]);

      // Every service is built on createServerApp, which answers the probes.
      const logger = createLogger({ level: "silent", name });
      const app = createServerApp({ services: {}, logger, auth: settings.auth });
      const running = await serve(app, { ...settings, host: "127.0.0.1", port: 0, logger, signals: [] });
      try {
        for (const path of ["/readyz", "/healthz"]) expect((await fetch(`${running.url}${path}`)).status).toBe(200);
      } finally {
        await running.shutdown("checked");
      }
    }
  });

  test("the gateway runs its image and is probed on its own /healthz, over TLS, where nginx listens", () => {
    const { port, healthPath } = gatewayServer();
    const { ports, readinessProbe, livenessProbe } = container(gateway);
    expect(imageName(gateway)).toBe("gateway");
    expect(ports).toEqual([
      { name: "https", containerPort: port },
      { name: "metrics", containerPort: gatewayMetrics().port },
    ]);
    const probe = { path: healthPath, port: "https", scheme: "HTTPS" };
    expect([readinessProbe?.httpGet, livenessProbe?.httpGet]).toEqual([probe, probe]);
  });

  test("every pod asks to be scraped where its metrics are: the services' /metrics on their port, open in their config; the gateway's metrics listener", async () => {
    const scrape = (deployment: IDeployment) => deployment.spec!.template.metadata!.annotations;
    const byPort = (deployment: IDeployment, port: string) =>
      container(deployment).ports!.find((declared) => String(declared.containerPort) === port)?.name;
    const expected = (port: number, path: string) => ({
      "prometheus.io/scrape": "true",
      "prometheus.io/port": String(port),
      "prometheus.io/path": path,
    });
    expect(scrape(gateway)).toEqual(expected(gatewayMetrics().port, gatewayMetrics().path));
    expect(byPort(gateway, scrape(gateway)!["prometheus.io/port"]!)).toBe("metrics");
    for (const deployment of thriftServices) {
      const name = deployment.metadata!.name!;
      const settings = loadServiceConfig(name, environment(objects, deployment));
      expect(scrape(deployment)).toEqual(expected(settings.port, "/metrics"));
      expect(byPort(deployment, scrape(deployment)!["prometheus.io/port"]!)).toBe("http");

      // The app answers the path without credentials, as a scraper calls it.
      const logger = createLogger({ level: "silent", name });
      const app = createServerApp({
        services: {},
        logger,
        auth: settings.auth,
        metricsRequireAuth: settings.metricsRequireAuth,
      });
      const running = await serve(app, { ...settings, host: "127.0.0.1", port: 0, logger, signals: [] });
      try {
        const reply = await fetch(`${running.url}${scrape(deployment)!["prometheus.io/path"]}`);
        expect({ status: reply.status, type: reply.headers.get("content-type") }).toEqual({
          status: 200,
          type: expect.stringMatching(/^text\/plain; version=0\.0\.4/),
        });
        await reply.text();
      } finally {
        await running.shutdown("checked");
      }
    }
  });

  test("the gateway's certificate and key are the files nginx reads, from the TLS Secret", () => {
    const provided = gatewayTlsFiles().map((file) => {
      const mount = mountFor(gateway, file)!;
      const secret = podSpec(gateway).volumes!.find((volume) => volume.name === mount.name)!.secret!;
      const item = secret.items!.find((entry) => `${mount.mountPath}/${entry.path}` === file);
      return [file, secret.secretName, item?.key];
    });
    expect(provided).toEqual([
      ["/etc/nginx/certs/server.crt", "gateway-tls", "tls.crt"],
      ["/etc/nginx/certs/server.key", "gateway-tls", "tls.key"],
    ]);
  });

  test("each service is given only settings its config maps, and its config loads with them", () => {
    for (const deployment of thriftServices) {
      const name = deployment.metadata!.name!;
      const env = environment(objects, deployment);
      expect(Object.keys(env).filter((variable) => !serviceVariables(name).includes(variable))).toEqual([]);
      expect(() => loadServiceConfig(name, env)).not.toThrow();
    }
  });

  test("the gateway is given only variables its entrypoint reads", () => {
    expect(
      Object.keys(environment(objects, gateway)).filter((variable) => !knownVariables(gateway).includes(variable)),
    ).toEqual([]);
  });

  test("credentials and keys are files from the expected Secrets, never environment values", () => {
    for (const deployment of deployments) {
      const { env = [] } = container(deployment);
      expect(env.filter((variable) => variable.valueFrom !== undefined)).toEqual([]);
      const secretVolumes = (podSpec(deployment).volumes ?? []).filter((volume) => volume.secret);
      for (const volume of secretVolumes) {
        const { secretName, items, defaultMode } = volume.secret!;
        expect(Object.keys(secrets)).toContain(secretName);
        expect(defaultMode).toBe(0o440);
        for (const item of items ?? []) expect(secrets[secretName!]).toContain(item.key);
      }
      // Each *_FILE names a key of a Secret mounted in the container.
      const secretFiles = fileVariables(Object.keys(environment(objects, deployment)), knownVariables(deployment));
      const database = stateful.includes(deployment.metadata!.name!) ? ["DATABASE_URL_FILE"] : [];
      expect(secretFiles.sort()).toEqual(["AUTH_BASIC_USERS_FILE", "AUTH_BEARER_TOKENS_FILE", ...database]);
      for (const { name, value } of env.filter((variable) => secretFiles.includes(variable.name))) {
        const mount = mountFor(deployment, value!)!;
        const volume = secretVolumes.find((v) => v.name === mount?.name);
        const secret = secretOfVariable[name]!;
        expect({ name, secret: volume?.secret?.secretName, readOnly: mount?.readOnly }).toEqual({
          name,
          secret,
          readOnly: true,
        });
        expect(secrets[secret]).toContain(value!.slice(mount.mountPath.length + 1));
      }
    }
  });

  test("a stopping pod keeps serving until the gateway has stopped sending to it, and drains within its grace period", () => {
    const resolveInterval = Number(environment(objects, gateway)["GATEWAY_RESOLVE_INTERVAL"]);
    expect(resolveInterval).toBeGreaterThan(0);
    for (const deployment of thriftServices) {
      const name = deployment.metadata!.name!;
      const pause = preStopSeconds(deployment);
      const { shutdownGraceMs } = loadServiceConfig(name, environment(objects, deployment));
      expect(pause).toBeGreaterThanOrEqual(dnsTtlSeconds + resolveInterval);
      expect(podSpec(deployment).terminationGracePeriodSeconds).toBeGreaterThan(pause + shutdownGraceMs / 1000);
    }
    expect(podSpec(gateway).terminationGracePeriodSeconds).toBeGreaterThan(
      preStopSeconds(gateway) + gatewayShutdownSeconds(),
    );
  });

  test("rollouts start a new pod before stopping an old one", () => {
    for (const deployment of deployments) {
      expect(deployment.spec!.strategy).toEqual({
        type: "RollingUpdate",
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      });
    }
  });

  test("every pod runs unprivileged: non-root, read-only root file system, no privilege escalation, no capabilities", () => {
    for (const deployment of deployments) {
      const pod = podSpec(deployment);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      expect(pod.securityContext!.runAsUser).toBeGreaterThan(0);
      expect(container(deployment).securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      });
    }
  });

  test("whatever nginx writes goes to a writable volume, and no Thrift service writes anywhere: their state is in the database", () => {
    const writable = (deployment: IDeployment, path: string) => {
      const mount = mountFor(deployment, path);
      return mount !== undefined && !mount.readOnly;
    };
    expect(gatewayWritablePaths().filter((path) => !writable(gateway, path))).toEqual([]);
    for (const deployment of thriftServices) {
      expect((container(deployment).volumeMounts ?? []).filter((mount) => !mount.readOnly)).toEqual([]);
      expect((podSpec(deployment).volumes ?? []).filter((volume) => !volume.secret)).toEqual([]);
      expect(podSpec(deployment).affinity).toBeUndefined();
    }
  });

  test("data and user read their database's URL from the Secret database, in a schema of their own", () => {
    const databases = thriftServices.flatMap((deployment) => {
      const name = deployment.metadata!.name!;
      const { database } = loadServiceConfig(name, environment(objects, deployment)) as ServerConfig & {
        database?: DatabaseOptions;
      };
      return database ? [[name, new URL(database.url).host, database.schema]] : [];
    });
    expect(databases.sort()).toEqual([
      ["data", "db:5432", "data"],
      ["user", "db:5432", "user"],
    ]);
  });

  test("every container requests and is limited in CPU and memory", () => {
    for (const deployment of deployments) {
      const { requests, limits } = container(deployment).resources!;
      expect(Object.keys(requests!).sort()).toEqual(["cpu", "memory"]);
      expect(Object.keys(limits!).sort()).toEqual(["cpu", "memory"]);
    }
  });

  test("the autoscalers own the replica counts and scale on CPU", () => {
    for (const autoscaler of ofKind<IHorizontalPodAutoscaler>(objects, "HorizontalPodAutoscaler")) {
      const { minReplicas, maxReplicas, metrics } = autoscaler.spec!;
      expect(minReplicas).toBeLessThanOrEqual(maxReplicas);
      expect(metrics).toEqual([
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
      ]);
      expect(named(deployments, autoscaler.spec!.scaleTargetRef.name).spec!.replicas).toBeUndefined();
    }
  });
});

describe("what the overlays change", () => {
  // Every workload is stateless (data's and user's state is in the database): production
  // scales and spreads them all, services made by new-service too.
  const workloads = [...serviceNames(), "gateway"].sort();
  const images = (tag: string) => workloads.map((name) => `thrift-http-starter/${name}:${tag}`);
  const replicas = (range: (name: string) => number[]) =>
    Object.fromEntries(workloads.map((name) => [name, range(name)]));

  function summary(buildName: BuildName) {
    const objects = builds[buildName];
    return {
      namespaces: [
        ...new Set(objects.filter((object) => object.kind !== "Namespace").map((object) => object.metadata.namespace)),
      ],
      images: ofKind<IDeployment>(objects, "Deployment")
        .map((d) => container(d).image)
        .sort(),
      databaseTls: Object.fromEntries(
        ofKind<IDeployment>(objects, "Deployment")
          .filter((d) => stateful.includes(d.metadata!.name!))
          .map((d) => {
            const { tls, caFile } = (
              loadServiceConfig(d.metadata!.name!, environment(objects, d)) as ServerConfig & {
                database: DatabaseOptions;
              }
            ).database;
            return [d.metadata!.name!, { tls, caFile, caFromSecret: mountFor(d, caFile)?.name ?? null }];
          }),
      ),
      replicas: Object.fromEntries(
        ofKind<IHorizontalPodAutoscaler>(objects, "HorizontalPodAutoscaler").map((h) => [
          h.metadata!.name,
          [h.spec!.minReplicas, h.spec!.maxReplicas],
        ]),
      ),
      logLevel: environment(objects, named(ofKind<IDeployment>(objects, "Deployment"), "echo"))["LOG_LEVEL"],
      playground: environment(objects, named(ofKind<IDeployment>(objects, "Deployment"), "gateway"))[
        "GATEWAY_PLAYGROUND"
      ],
      gatewayService: named(ofKind<IService>(objects, "Service"), "gateway").spec!.type ?? "ClusterIP",
      spreadAcrossZones: ofKind<IDeployment>(objects, "Deployment")
        .filter((d) =>
          podSpec(d).topologySpreadConstraints?.some((c) => c.topologyKey === "topology.kubernetes.io/zone"),
        )
        .map((d) => d.metadata!.name)
        .sort(),
    };
  }

  test("dev: its own namespace, the images `make images` builds, one pod each, debug logs, the playground", () => {
    expect(summary("overlays/dev")).toEqual({
      namespaces: ["thrift-http-dev"],
      images: images("dev"),
      replicas: replicas(() => [1, 2]),
      databaseTls: {
        data: { tls: "off", caFile: "", caFromSecret: null },
        user: { tls: "off", caFile: "", caFromSecret: null },
      },
      logLevel: "debug",
      playground: "on",
      gatewayService: "ClusterIP",
      spreadAcrossZones: [],
    });
  });

  test("production: its own namespace, release tags, three pods of each workload spread across zones, a load balancer, verified TLS to the database, no playground", () => {
    const verified = { tls: "verify", caFile: "/run/secrets/database/ca.crt", caFromSecret: "database" };
    expect(summary("overlays/production")).toEqual({
      namespaces: ["thrift-http"],
      images: images("0.1.0"),
      replicas: replicas(() => [3, 10]),
      databaseTls: { data: verified, user: verified },
      logLevel: "info",
      playground: "off",
      gatewayService: "LoadBalancer",
      spreadAcrossZones: workloads,
    });
  });

  test("dev runs PostgreSQL as a StatefulSet the services' URL names, with its password from the same Secret; production runs none", () => {
    expect(ofKind<IStatefulSet>(builds["overlays/production"], "StatefulSet")).toEqual([]);
    const objects = builds["overlays/dev"];
    const db = named(ofKind<IStatefulSet>(objects, "StatefulSet"), "db");
    const pod = db.spec!.template.spec!;
    const postgres = pod.containers[0]!;
    const env = Object.fromEntries((postgres.env ?? []).map((variable) => [variable.name, variable.value]));
    const mount = (path: string) => postgres.volumeMounts!.find((m) => path.startsWith(`${m.mountPath}/`));
    const passwordMount = mount(env["POSTGRES_PASSWORD_FILE"]!)!;
    const service = named(ofKind<IService>(objects, "Service"), "db");
    expect({
      serviceName: db.spec!.serviceName,
      replicas: db.spec!.replicas,
      selects: service.spec!.selector,
      port: service.spec!.ports!.map((port) => [port.port, port.targetPort]),
      containerPort: postgres.ports,
      user: [env["POSTGRES_USER"], env["POSTGRES_DB"]],
      passwordFrom: [
        pod.volumes!.find((v) => v.name === passwordMount.name)?.secret?.secretName,
        env["POSTGRES_PASSWORD_FILE"]!.slice(passwordMount.mountPath.length + 1),
      ],
      dataOnClaim: [mount(env["PGDATA"]!)?.name, db.spec!.volumeClaimTemplates!.map((claim) => claim.metadata!.name)],
      ready: postgres.readinessProbe?.exec?.command?.[0],
      readOnlyRoot: postgres.securityContext?.readOnlyRootFilesystem,
    }).toEqual({
      serviceName: "db",
      replicas: 1,
      selects: db.spec!.selector.matchLabels,
      port: [[5432, "postgres"]],
      containerPort: [{ name: "postgres", containerPort: 5432 }],
      user: ["app", "app"],
      passwordFrom: ["database", "password"],
      dataOnClaim: ["data", ["data"]],
      ready: "pg_isready",
      readOnlyRoot: true,
    });
  });
});
