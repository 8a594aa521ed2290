// Carries out a plan computed in full beforehand (plan.ts): writes, then deletes.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Plan } from "./plan";

export function applyPlan(root: string, plan: Plan): void {
  for (const [file, text] of plan.writes) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  for (const path of plan.deletes) rmSync(join(root, path), { recursive: true, force: true });
}
