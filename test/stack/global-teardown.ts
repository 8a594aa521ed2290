// Jest global teardown of the `stack` project: removes the run's containers, network and
// volumes (`down -v`), then its CA and credentials. Runs after failed tests too; a run
// killed before this point is cleaned by Ryuk where it runs, else by `make test-stack-clean`.
import { rmSync } from "node:fs";
import { runningStack } from "./compose";

export default async function globalTeardown(): Promise<void> {
  const stack = runningStack.get();
  if (!stack) return;
  runningStack.set(undefined);
  try {
    // The services drain in well under a second once no call arrives; 5 s is a ceiling.
    await stack.environment.down({ timeout: 5000, removeVolumes: true });
  } finally {
    rmSync(stack.tmpDir, { recursive: true, force: true });
  }
}
