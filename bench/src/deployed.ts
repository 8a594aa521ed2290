// How a service's image starts it: the node arguments of the last `CMD` in
// services/Dockerfile (V8 flags included, e.g. the young generation's size). The bench
// starts the services natively with the same arguments, so that "as deployed" stays true
// when the image's command changes.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The arguments after `node` in services/Dockerfile's `CMD ["node", …]`. */
export function deployedNodeArgs(root: string): string[] {
  const dockerfile = readFileSync(join(root, "services/Dockerfile"), "utf8");
  const commands = [...dockerfile.matchAll(/^CMD (\[.*\])\s*$/gm)];
  const last = commands.at(-1);
  if (last === undefined) throw new Error('services/Dockerfile: no CMD ["node", …] line');
  const [command, ...args] = JSON.parse(last[1]!) as string[];
  if (command !== "node") throw new Error(`services/Dockerfile: the CMD runs ${command}, not node`);
  return args;
}
