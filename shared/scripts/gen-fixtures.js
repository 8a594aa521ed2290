#!/usr/bin/env node
// Generates the codegen tests' fixtures (src/codegen/fixtures: everything.ts,
// extended.ts, includes/gen/) from their IDL, as `make gen` does for the services;
// with --check, fails when one is stale, as `make gen-check` does. Run after building
// (`tsc -b shared`): it runs the compiled generator.
//
//     npm run gen -w shared        npm run gen:check -w shared
const { join } = require("node:path");
const { runCli } = require("../dist/codegen/run-cli.js");

const fixtures = join(__dirname, "..", "src", "codegen", "fixtures");
const includes = join(fixtures, "includes");
// Each fixture's arguments to thrift-http-gen; --runtime is relative to the output.
const runs = [
  ["--runtime", "./runtime", join(fixtures, "everything.thrift"), fixtures],
  ["--runtime", "./runtime", join(fixtures, "extended.thrift"), fixtures],
  ["--runtime", "../../runtime", "-I", join(includes, "lib"), join(includes, "app.thrift"), join(includes, "gen")],
];

const check = process.argv.includes("--check") ? ["--check"] : [];
process.exitCode = runs.reduce((code, args) => Math.max(code, runCli([...check, ...args])), 0);
