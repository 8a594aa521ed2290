#!/usr/bin/env node
// Generates the IDL parser, src/codegen/idl/parser.generated.ts, from the grammar beside
// it (thrift.peggy) with Peggy. The output is committed, so the generator runs from an
// install without devDependencies; parse.test.ts fails when it is stale.
//
//     npm run gen:parser -w shared
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const dir = join(__dirname, "..", "src", "codegen", "idl");
const grammarFile = join(dir, "thrift.peggy");
const parserFile = join(dir, "parser.generated.ts");

/** The parser module generated from the grammar's text. */
function parserSource(grammar) {
  const peggy = require("peggy");
  const code = peggy.generate(grammar, {
    output: "source",
    format: "es",
    allowedStartRules: ["Document"],
    grammarSource: "thrift.peggy",
  });
  // Peggy writes plain JavaScript: checked by its own tests, not by tsc.
  return `// @ts-nocheck\n// Generated from thrift.peggy by "npm run gen:parser -w shared". Do not edit.\n${code}`;
}

module.exports = { grammarFile, parserFile, parserSource };

if (require.main === module) {
  writeFileSync(parserFile, parserSource(readFileSync(grammarFile, "utf8")));
  console.log(`gen-parser: wrote ${parserFile}`);
}
