// The command behind `make new-service NAME=…` and `make remove-service NAME=…`:
//   node shared/dist/scaffold/cli.js add|remove <name> [<repository root>]
// Prints what it changed; on any error prints it, changes nothing, and exits 1.
import { resolve } from "node:path";
import { applyPlan } from "./apply";
import { planAdd, planRemove } from "./plan";

const [command, name, root = resolve(__dirname, "../../..")] = process.argv.slice(2);
const planners = { add: planAdd, remove: planRemove };

if ((command !== "add" && command !== "remove") || !name) {
  console.error("usage: cli.js add|remove <name> [<repository root>]");
  process.exit(2);
}
try {
  const plan = planners[command](root, name);
  applyPlan(root, plan);
  for (const file of plan.writes.keys()) console.log(`  wrote   ${file}`);
  for (const path of plan.deletes) console.log(`  removed ${path}`);
} catch (error) {
  console.error(
    `${command === "add" ? "new-service" : "remove-service"}: ${(error as Error).message}; nothing was changed`,
  );
  process.exit(1);
}
