// ThriftTest.thrift as Debian's Thrift 0.17 compiler can read it: without the lines naming
// `uuid` (testUuid, CrazyNesting.uuid_field), a type that compiler predates. What the
// Apache-generated clients of the tests are generated from (`grep -vw uuid`).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const idl = join(__dirname, "..", "..", "ThriftTest.thrift");

/** Runs Apache's compiler (`thrift --gen <generator>`) on that IDL, written into `dir`; output in `dir`. */
export function generateWithApache(generator: string, dir: string): void {
  const source = join(dir, "ThriftTest.thrift");
  const lines = readFileSync(idl, "utf8").split("\n");
  writeFileSync(source, lines.filter((line) => !/\buuid\b/.test(line)).join("\n"));
  try {
    execFileSync("thrift", ["--gen", generator, "-out", dir, source], { stdio: "pipe" });
  } catch (error) {
    const reason = (error as { stderr?: Buffer }).stderr?.toString() || String(error);
    throw new Error(
      `Apache's compiler (thrift) failed or is missing; scripts/conformance-ensure.sh installs it.\n${reason}`,
    );
  }
}
