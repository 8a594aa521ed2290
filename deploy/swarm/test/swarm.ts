// The Swarm stack as the test sees it, from the SWARM_* variables deploy/swarm/test.sh sets:
// its services and tasks (through the docker CLI), and side-effect-free calls through the
// gateway, with the replica that answered each.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { Agent, request } from "undici";
import { decodeReply, encodeGetPath, type MethodDefinition } from "@starter/shared/core";
import { DataService } from "@starter/data/gen/data";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the Swarm test with \`make swarm-test\``);
  return value;
}

/** The `ci` Bearer token of the run's credentials (scripts/secrets.sh writes AUTH_BEARER_TOKENS=ci:…). */
function bearerToken(authEnvFile: string): string {
  const line = readFileSync(authEnvFile, "utf8").match(/^AUTH_BEARER_TOKENS=(.*)$/m)?.[1] ?? "";
  const entry = line.split(",").find((candidate) => candidate.startsWith("ci:"));
  if (!entry) throw new Error(`${authEnvFile} has no Bearer token named ci (see scripts/secrets.sh)`);
  return entry.slice("ci:".length);
}

const stack = required("SWARM_STACK");
const gatewayUrl = required("SWARM_GATEWAY_URL");
const token = bearerToken(required("SWARM_AUTH_ENV_FILE"));
const dispatcher = new Agent({ connect: { ca: readFileSync(required("SWARM_CA_FILE")) } });

const run = promisify(execFile);

/** Runs the docker CLI, failing after `timeoutMs`; resolves with its output. */
export async function docker(args: string[], timeoutMs = 60_000): Promise<string> {
  const { stdout } = await run("docker", args, { timeout: timeoutMs });
  return stdout;
}

/** The full name of one of the stack's services, e.g. `<stack>_data`. */
export function service(name: string): string {
  return `${stack}_${name}`;
}

/**
 * The host names of a service's running tasks: their containers' short ids, which the
 * services answer in X-Served-By.
 */
export async function runningReplicas(name: string): Promise<string[]> {
  const tasks = (await docker(["service", "ps", service(name), "--filter", "desired-state=running", "-q"]))
    .split("\n")
    .filter(Boolean);
  const containers = await Promise.all(
    tasks.map((task) => docker(["inspect", "--format", "{{.Status.ContainerStatus.ContainerID}}", task])),
  );
  return containers
    .map((id) => id.trim().slice(0, 12))
    .filter(Boolean)
    .sort();
}

export interface Answer {
  /** HTTP status, or 0 when the request got no answer at all. */
  status: number;
  /** The replica that made the reply (X-Served-By), if a replica did. */
  servedBy: string | undefined;
  /** What went wrong, for a failed call: the transport error or the Thrift outcome. */
  failure: string | undefined;
  /** Whether the call was sent again on a new connection (see pingData). */
  resent: boolean;
}

const ping = DataService.methods["ping"] as MethodDefinition;
const pingPath = encodeGetPath("/data", ping, []);

async function getPing(): Promise<Omit<Answer, "resent">> {
  const reply = await request(new URL(pingPath, gatewayUrl), {
    dispatcher,
    headers: { authorization: `Bearer ${token}`, accept: "application/vnd.apache.thrift.binary" },
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const body = Buffer.from(await reply.body.arrayBuffer());
  const servedBy = reply.headers["x-served-by"] as string | undefined;
  if (reply.statusCode !== 200) return { status: reply.statusCode, servedBy, failure: body.toString("utf8") };
  const outcome = decodeReply(ping, body, "binary");
  return { status: 200, servedBy, failure: outcome.kind === "success" ? undefined : JSON.stringify(outcome) };
}

/**
 * data.ping as the typed client sends it, a GET: side-effect-free, never cached, retried
 * by the gateway on another replica. A keep-alive connection that nginx closes as it
 * reloads (which it does when replicas come and go) may close under a request sent at
 * that moment, before any answer: over HTTP/1.1 the socket closes, over HTTP/2 (undici's
 * default) the session ends with a GOAWAY. As HTTP allows for an idempotent request (RFC
 * 9110 9.2.2) and the typed client does, that request is sent once more, on a new
 * connection. Any other failure, and a second one, is the call's.
 */
/** The connection closed under the request: its socket (HTTP/1.1), or a GOAWAY ending its session (HTTP/2). */
function closedUnderRequest(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === "UND_ERR_SOCKET" || (code === "UND_ERR_INFO" && /"GOAWAY" frame received/.test(message ?? ""));
}

export async function pingData(): Promise<Answer> {
  const failed = (error: unknown, resent: boolean): Answer => ({
    status: 0,
    servedBy: undefined,
    failure: String(error),
    resent,
  });
  try {
    return { ...(await getPing()), resent: false };
  } catch (error) {
    if (!closedUnderRequest(error)) return failed(error, false);
  }
  try {
    return { ...(await getPing()), resent: true };
  } catch (error) {
    return failed(error, true);
  }
}

/** Closes the connections to the gateway. */
export function closeConnections(): Promise<void> {
  return dispatcher.close();
}

/**
 * Calls data.ping from `workers` loops at once until `stop()` is called, or for at most
 * `limitMs` (a bound, should stop() never come); `answers` grows as calls complete.
 */
export function keepPinging(workers: number, limitMs: number) {
  const answers: Answer[] = [];
  let stopped = false;
  const deadline = Date.now() + limitMs;
  const loops = Array.from({ length: workers }, async () => {
    while (!stopped && Date.now() < deadline) answers.push(await pingData());
  });
  return {
    answers,
    async stop(): Promise<Answer[]> {
      stopped = true;
      await Promise.all(loops);
      return answers;
    },
  };
}
