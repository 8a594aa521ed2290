// createOutputSink on a real pipe, in a process of its own (the built module: make test
// builds first): what waits while nobody reads, what is dropped past the bound and said
// so, and a pipe closed for good. The logger's own end-to-end case is in logger.test.ts.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runWithUnreadOutput } from "./__fixtures__/pipe-child";

const built = join(__dirname, "../../dist/server/output-sink.js");

/** Runs `body` with `createOutputSink` in scope, its output unread until it says "done". */
async function run(body: string, closeFirst = false) {
  expect(existsSync(built)).toBe(true);
  return runWithUnreadOutput(`const { createOutputSink } = require(${JSON.stringify(built)});\n${body}`, closeFirst);
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
