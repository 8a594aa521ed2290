#!/usr/bin/env node
// Generates the gateway's list of shared methods (nginx/gateway/shared-methods.conf) from
// the services' IDL, as `make gen` does; with --check, fails when it is stale, as `make
// gen-check` does. Run after building (`tsc -b shared`): it runs the compiled generator.
//
//     npm run gen:gateway        npm run gen:gateway -- --check
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { IdlError } = require("../dist/codegen/errors.js");
const { serviceFolders } = require("../dist/scaffold/services.js");
const { sharedMethodsFile, sharedMethodsOf } = require("../dist/scaffold/shared-methods.js");

const root = join(__dirname, "..", "..");
const target = join(root, sharedMethodsFile);
let text;
try {
  text = sharedMethodsOf(root, serviceFolders(root));
} catch (error) {
  if (!(error instanceof IdlError)) throw error;
  // A contract renamed after an IDL of the team's own: say where it must be.
  const where = error.message.endsWith(": no such file")
    ? " (a service's contract is services/<name>/<name>.thrift, where the gateway, make call and make idl-breaking read it)"
    : "";
  console.error(`${error.message}${where}`);
  process.exit(1);
}
const current = readFileSync(target, "utf8");
if (process.argv.includes("--check")) {
  if (current !== text) {
    console.error(
      `thrift-http-gen: ${sharedMethodsFile} is out of date: regenerate it from the services' IDL with "make gen"`,
    );
    process.exitCode = 1;
  }
} else if (current !== text) {
  writeFileSync(target, text);
  console.log(`thrift-http-gen: wrote ${sharedMethodsFile}`);
}
