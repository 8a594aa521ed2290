// The data outlives the stack: `make down` then `make up` (as a user runs them, on this
// run's project and settings) and the entries, counters and users written before are read
// back after. The database's files are on a named volume, which `make down` keeps
// (`make down-volumes` deletes it). The gateway comes back on the run's port, and
// Prometheus (the run's profiles, OBSERVE=1) on its own. `make migrate` then runs on the
// stack as it is.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { clients, closeClients } from "./clients";
import { profiles, root } from "./compose";
import { callers, stack, unique } from "./stack";

const run = promisify(execFile);

/** `make <target>` on this run's stack: its project, ports, profiles, images, certificates and secrets. */
async function make(target: string): Promise<void> {
  const compose = JSON.parse(process.env["STACK_COMPOSE_ENV"] ?? "{}") as Record<string, string>;
  const variables = [
    `PROJECT=${stack.project}`,
    `GATEWAY_HTTPS_PORT=${compose["GATEWAY_HTTPS_PORT"]}`,
    `IMAGE_TAG=${compose["IMAGE_TAG"]}`,
    ...(profiles.includes("observe") ? ["OBSERVE=1", `PROMETHEUS_PORT=${compose["PROMETHEUS_PORT"]}`] : []),
  ];
  await run("make", ["--no-print-directory", target, ...variables], {
    cwd: root,
    env: { ...process.env, ...compose },
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe("When the stack is taken down with make down and started again with make up", () => {
  test("Then what was written before is read back after", async () => {
    const key = unique("persist");
    const email = `${unique("persist")}@example.org`;
    const entry = await clients.data().put(key, Buffer.from("kept"));
    await clients.data().increment(key, 7n);
    const user = await clients.user().createUser({ email, name: "Kept" });
    await closeClients();

    await make("down");
    await make("up");
    // On a migrated database, `make migrate` finds nothing to do, and says so without failing.
    await make("migrate");

    await expect(clients.data().get(key)).resolves.toEqual(entry);
    await expect(clients.data().counter(key)).resolves.toBe(7n);
    await expect(clients.user({ auth: callers.bob }).getUser(user.id)).resolves.toEqual(user);
  }, 300_000);
});
