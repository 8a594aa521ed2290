#!/usr/bin/env node
// npm links a bin only if its file exists at install time, before `dist/` is built:
// this committed shim is that file; the tool itself is compiled TypeScript
// (src/tools/cli.ts), so it says how to build it rather than failing on a missing module.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const cli = join(__dirname, "..", "dist", "tools", "cli.js");
if (!existsSync(cli)) {
  console.error("thrift-http: not built yet: run `npm run build` (or `make build`) in the repository first");
  process.exit(2);
}
require(cli);
