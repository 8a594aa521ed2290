// The node flags of the services' image (services/Dockerfile's CMD: the young generation's
// size, when V8 starts a full GC) are V8 options, which a new Node may rename or drop; node
// then refuses to start ("bad option"), and every replica with it. The bench starts the
// services with the same arguments (bench/src/deployed.ts), read here the same way.
import { spawnSync } from "node:child_process";
import { deployedNodeArgs } from "../../bench/src/deployed";
import { root } from "./files";

describe("services/Dockerfile's CMD", () => {
  const args = deployedNodeArgs(root);

  test("When it is read Then it runs dist/main.js after its node flags", () => {
    expect(args.at(-1)).toBe("dist/main.js");
    expect(args.slice(0, -1).every((arg) => arg.startsWith("--"))).toBe(true);
  });

  test("When this Node starts with its flags Then it accepts every one, silently", () => {
    const run = spawnSync(process.execPath, [...args.slice(0, -1), "-e", ""], { encoding: "utf8" });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
  });
});
