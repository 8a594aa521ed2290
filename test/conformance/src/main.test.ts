// The process `make conformance-server` runs (dist/main.js, built by the make targets):
// it says where it listens, answers there, and stops cleanly on Ctrl-C (SIGINT).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { decodeReply, encodeCall, type MethodDefinition } from "@starter/shared/core";
import { ThriftTest } from "./gen/ThriftTest";

const main = join(__dirname, "..", "dist", "main.js");
const { testString, testOneway } = ThriftTest.methods as Record<string, MethodDefinition>;

interface Started {
  child: ChildProcess;
  /** Standard output and error so far. */
  output: () => string;
  exit: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  if (!existsSync(main)) throw new Error(`${main} is missing: \`make test-conformance\` or \`make build\` builds it`);
  const child = spawn(process.execPath, [main], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (text: string) => (output += text));
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (output += text));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exit };
}

/** Waits for a line matching `pattern` (bounded by the test's timeout). */
async function line(output: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
  for (;;) {
    const match = output().match(pattern);
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("make conformance-server", () => {
  it("When started on PORT=0 Then it prints where it listens, answers there, and Ctrl-C stops it with exit code 0", async () => {
    const { child, output, exit } = start({ PORT: "0", LOG_LEVEL: "info" });
    try {
      const listening = /^ThriftTest and SecondService at (http:\/\/127\.0\.0\.1:\d+)\/ThriftTest \(also /m;
      const [, url] = await line(output, listening);
      const response = await fetch(`${url}/ThriftTest`, {
        method: "POST",
        headers: { "content-type": "application/x-thrift" },
        body: encodeCall(testString!, ["hello"], 1, "json"),
      });
      expect(decodeReply(testString!, Buffer.from(await response.arrayBuffer()), "json")).toEqual({
        kind: "success",
        value: "hello",
      });
      child.kill("SIGINT");
      expect(await exit).toBe(0);
      expect(output()).toContain('"msg":"stopped"');
    } finally {
      child.kill("SIGKILL");
    }
  }, 30_000);

  it("When a caller's testOneway(60) is still sleeping Then Ctrl-C stops it with exit code 0", async () => {
    const { child, output, exit } = start({ PORT: "0", LOG_LEVEL: "info" });
    try {
      const [, url] = await line(output, /^ThriftTest and SecondService at (http:\/\/127\.0\.0\.1:\d+)\/ThriftTest/m);
      const response = await fetch(`${url}/ThriftTest`, {
        method: "POST",
        headers: { "content-type": "application/x-thrift" },
        body: encodeCall(testOneway!, [60], 1, "json"),
      });
      expect(response.status).toBe(200);
      child.kill("SIGINT");
      expect(await exit).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  }, 30_000);

  it("When PORT is not a port Then it exits 1 saying so", async () => {
    const { output, exit } = start({ PORT: "http" });
    expect(await exit).toBe(1);
    expect(output()).toBe('Setting PORT must be an integer from 0 to 65535, got "http"\n');
  }, 30_000);
});
