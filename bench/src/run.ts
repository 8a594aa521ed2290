// `make bench`: starts every server, checks each contestant answers correctly, loads the
// servers with wrk and runs the client loops, then the compression rows, and writes
// docs/benchmarks.md and its chart. `BENCH_ONLY=compression` runs and writes the
// compression rows alone.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkContestants } from "./check";
import { benchClients, inFlightLevels } from "./client-bench";
import { benchCompression, compressionContestants } from "./compression/bench";
import { writeCompressionPayloads } from "./compression/payloads";
import { serverContestants } from "./contestants";
import { currentLoad, describeMachine } from "./machine";
import { peakMemory } from "./memory";
import { writePayloads } from "./payloads";
import { writeCompressionReport, writeReport } from "./report/write";
import { benchServers } from "./server-bench";
import { loadSettings } from "./settings";
import { startStack } from "./stack";

async function main(): Promise<void> {
  const started = performance.now();
  const settings = loadSettings();
  mkdirSync(settings.work, { recursive: true });
  const machine = describeMachine();
  const payloads = writePayloads(settings.work);
  const compressed = writeCompressionPayloads(settings.work);
  const stack = await startStack(settings, [...payloads, ...compressed]);
  const ca = readFileSync(join(settings.root, ".certs/ca.crt"), "utf8");
  try {
    const only = settings.only;
    if (only !== "compression") {
      const contestants = serverContestants(stack);
      await checkContestants(contestants, payloads, ca);
      const servers = await benchServers(settings, stack, contestants, payloads);
      const memory = peakMemory(stack, contestants);
      const clients = await benchClients(settings, `http://127.0.0.1:${stack.ports.bare}`);
      const minutes = (performance.now() - started) / 60_000;
      const run = { machine, loadAtEnd: currentLoad(), minutes, servers, memory, clients };
      writeReport(
        settings,
        run,
        payloads.map((payload) => payload.name),
        inFlightLevels(settings.connections),
      );
    }
    await checkContestants(compressionContestants(stack), compressed, ca);
    const results = await benchCompression(settings, stack, compressed);
    writeCompressionReport(
      settings,
      machine,
      results,
      compressed.map((payload) => payload.name),
    );
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
