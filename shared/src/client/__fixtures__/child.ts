// Servers run in a child process, for tests that measure the client's own memory: the
// server's buffers then live in another heap.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface ChildServer {
  /** Base URL, without a trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

/** `chunked-server.mjs`: answers every GET 200 with `body` in chunks of `chunkBytes`. */
export async function startChunkedServer(body: Buffer, chunkBytes: number, contentType: string): Promise<ChildServer> {
  const script = join(__dirname, "chunked-server.mjs");
  const child = spawn(process.execPath, [script, String(chunkBytes), contentType], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  child.stdin.end(body);
  const listening = once(createInterface({ input: child.stdout }), "line");
  const died = exited.then(([code]) =>
    Promise.reject(new Error(`chunked-server.mjs exited with ${String(code)} before listening`)),
  );
  const [line] = (await Promise.race([listening, died])) as [string];
  return {
    url: `http://127.0.0.1:${Number(line)}`,
    close: async () => {
      child.kill();
      await exited;
    },
  };
}
