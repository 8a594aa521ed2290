// Prometheus's own checker, `promtool`, for the tests of this folder: the one on PATH, or
// the one scripts/promtool-ensure.sh unpacked into .tools/ from Debian's package. The tests
// never fetch it (CI does, before them); without one they are skipped, except under CI,
// where a missing promtool fails them.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const root = join(__dirname, "../..");

function onPath(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v promtool"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

const unpacked = join(root, ".tools/promtool/promtool");

/** The promtool to use, or undefined when there is none. */
export const promtool: string | undefined =
  process.env["PROMTOOL"] || onPath() || (existsSync(unpacked) ? unpacked : undefined);

/** Whether a test needing promtool runs: always under CI, which must have it. */
export const withPromtool: jest.It = promtool !== undefined || process.env["CI"] === "true" ? test : test.skip;
if (promtool === undefined && process.env["CI"] !== "true") {
  console.warn("promtool not found: its checks of prometheus/ are skipped (scripts/promtool-ensure.sh fetches it)");
}

/** Runs promtool in `cwd` and returns its output; throws with the output if it fails. */
export function runPromtool(args: string[], cwd: string): string {
  if (promtool === undefined) throw new Error("promtool is needed: run scripts/promtool-ensure.sh (CI does)");
  try {
    return execFileSync(promtool, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`promtool ${args.join(" ")} failed:\n${stdout}${stderr}`);
  }
}
