// A Node process of its own whose standard output is a pipe, as under Docker, read only
// once the process says "done" on standard error (or, with `closeFirst`, closed unread):
// for what log writing does while nobody reads. The script runs the built modules
// (dist/), which `make test` builds first.
import { spawn } from "node:child_process";

export interface PipeChildRun {
  /** Whether the process said "done" while nobody read its output (within 15 s). */
  readonly done: boolean;
  /** Its exit code. */
  readonly code: number | null;
  /** Its standard output, line by line, read after "done". */
  readonly lines: string[];
}

export async function runWithUnreadOutput(script: string, closeFirst = false): Promise<PipeChildRun> {
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  // It exits by itself once everything is written: nothing else keeps it running.
  const closed = new Promise<number | null>((resolve) => child.once("close", resolve));
  if (closeFirst) child.stdout.destroy();
  else child.stdout.pause();
  try {
    // A write that waited for the pipe would never end: the pipe is read only after this.
    const done = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 15_000);
      child.stderr.on("data", (chunk: Buffer) => {
        if (!chunk.toString().includes("done")) return;
        clearTimeout(timer);
        resolve(true);
      });
    });
    const chunks: Buffer[] = [];
    if (!closeFirst) {
      child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
      child.stdout.resume();
    }
    const code = done ? await closed : null;
    return { done, code, lines: Buffer.concat(chunks).toString().split("\n").filter(Boolean) };
  } finally {
    child.kill("SIGKILL");
  }
}
