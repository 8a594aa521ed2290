// The processes of a run: started pinned, awaited until they listen, stopped at the end.
// A process's standard error goes to a log in the work folder, for a failed start.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pinned, type Side } from "./pinning";

export interface ProcessSpec {
  name: string;
  side: Side;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Running {
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `spec` and resolves once `port` accepts connections. Standard output is
 * discarded: it carries the services' and the gateway's access logs, which production
 * ships elsewhere; writing them to a file would fill the disk at these rates.
 */
export async function startListening(spec: ProcessSpec, port: number, logDir: string): Promise<Running> {
  const logFile = join(logDir, `${spec.name}.log`);
  const [command, args] = pinned(spec.side, spec.command, spec.args);
  const log = openSync(logFile, "w");
  const env = { ...process.env, ...spec.env };
  const child = spawn(command, args, { cwd: spec.cwd, env, stdio: ["ignore", "ignore", log] });
  closeSync(log); // the child has its own copy
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));
  const running = { pid: child.pid ?? 0, stop: () => stop(child) };
  // Up to 60 s: the data service starts an embedded PostgreSQL (WebAssembly), slow on a busy machine.
  for (let attempt = 0; attempt < 600 && !spawnError; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await accepts(port)) return running;
    await sleep(100);
  }
  await running.stop();
  const why = spawnError ? String(spawnError) : readFileSync(logFile, "utf8");
  throw new Error(`${spec.name} did not start listening on port ${port}; its log (${logFile}):\n${why}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Runs a command to its end and returns its standard output; fails with its standard error. */
export function output(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${stderr}`));
    });
  });
}
