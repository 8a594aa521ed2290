#!/usr/bin/env node
// npm links a bin only if its file exists at install time, before `dist/` is built:
// this committed shim is that file; the tools themselves are compiled TypeScript.
require("../dist/tools/cli.js");
