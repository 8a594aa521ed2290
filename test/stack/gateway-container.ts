// A gateway container of a test's own: the stack's image, network, certificate and
// credentials, with settings of its own (low rate limits, the playground off), for what
// the stack's gateway must not change for every other test.
import { dirname, join } from "node:path";
import { send } from "./gateway";
import { docker, eventually, imageOf, runBesideStack } from "./replicas";

export interface GatewayContainer {
  readonly id: string;
  /** `https://127.0.0.1:<port>`, signed by the stack's CA. */
  readonly url: string;
  remove(): Promise<void>;
}

/** Starts the stack's gateway image with `environment` added, and waits until it answers /healthz. */
export async function startGateway(environment: Record<string, string>): Promise<GatewayContainer> {
  const certs = dirname(process.env["STACK_CA_FILE"]!);
  const id = await runBesideStack(await imageOf("gateway"), [
    "--publish",
    "127.0.0.1::8443",
    "--env-file",
    process.env["STACK_AUTH_ENV_FILE"]!,
    ...Object.entries(environment).flatMap(([name, value]) => ["--env", `${name}=${value}`]),
    "--volume",
    `${join(certs, "localhost.crt")}:/etc/nginx/certs/server.crt:ro`,
    "--volume",
    `${join(certs, "localhost.key")}:/etc/nginx/certs/server.key:ro`,
  ]);
  const remove = async () => void (await docker(["rm", "--force", id]));
  const port = (await docker(["port", id, "8443/tcp"])).trim().split(":").pop();
  const url = `https://127.0.0.1:${port}`;
  // Its own health check, which is neither rate limited nor authenticated; bounded.
  const up = await eventually(() =>
    send({ method: "GET", path: "/healthz", gatewayUrl: url, timeoutMs: 2000 }).then(
      (reply) => (reply.status === 200 ? true : undefined),
      () => undefined,
    ),
  );
  if (!up) {
    const logs = await docker(["logs", id]).catch(() => "");
    await remove();
    throw new Error(`the test's gateway does not answer: ${logs}`);
  }
  return { id, url, remove };
}
