// createOutputSink on a real pipe, in a process of its own (the built module: make test
// builds first): what waits while nobody reads, what is dropped past the bound and said
// so, and a pipe closed for good. The logger's own end-to-end case is in logger.test.ts.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const built = join(__dirname, "../../dist/server/output-sink.js");

/**
 * Runs `body` in a child whose standard output is a pipe read only once the child says
 * "done" on standard error (or, with `closeFirst`, closed unread): its lines, and whether
 * it said "done" while nobody read.
 */
async function run(body: string, closeFirst = false): Promise<{ done: boolean; lines: string[]; code: number | null }> {
  expect(existsSync(built)).toBe(true);
  const script = `const { createOutputSink } = require(${JSON.stringify(built)});\n${body}`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  const closed = new Promise<number | null>((resolve) => child.once("close", resolve));
  if (closeFirst) child.stdout.destroy();
  else child.stdout.pause();
  try {
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
    const code = await closed;
    return { done, code, lines: Buffer.concat(chunks).toString().split("\n").filter(Boolean) };
  } finally {
    child.kill("SIGKILL");
  }
}

describe("createOutputSink", () => {
  test("When more waits than it may keep Then the rest is dropped, and a line says how many once the pipe takes lines", async () => {
    // 400 lines of 1 KiB; the pipe takes 64 KiB, 100 KB may wait: about 160 are kept.
    const { done, lines, code } = await run(`
      const sink = createOutputSink({ maxWaitingBytes: 100_000 });
      process.on("exit", () => sink.drainSync());
      for (let i = 0; i < 400; i++) sink.write(JSON.stringify({ i, pad: "x".repeat(1000) }) + "\\n");
      process.stderr.write("done\\n");
    `);
    const kept = lines.filter((line) => line.includes('"i"')).map((line) => (JSON.parse(line) as { i: number }).i);
    const notice = lines.filter((line) => !line.includes('"i"')).map((line) => JSON.parse(line) as object);
    expect({ done, code, inOrder: kept.every((i, n) => i === n), notice }).toEqual({
      done: true,
      code: 0,
      inOrder: true,
      notice: [
        expect.objectContaining({
          level: 40,
          msg: `${400 - kept.length} log lines dropped: standard output took none for a while`,
        }),
      ],
    });
    expect(kept.length).toBeGreaterThan(100);
    expect(kept.length).toBeLessThan(400);
  }, 30_000);

  test("When the pipe is closed for good Then writes are dropped without a word, and the process goes on", async () => {
    const { done, code } = await run(
      `
      const sink = createOutputSink();
      setTimeout(() => {
        for (let i = 0; i < 1000; i++) sink.write("line " + i + "\\n");
        sink.drainSync();
        process.stderr.write("done\\n");
      }, 200);
    `,
      true,
    );
    expect({ done, code }).toEqual({ done: true, code: 0 });
  }, 30_000);
});
