#!/usr/bin/env node
// Times thrift-http-gen on a large IDL: a synthetic one of every construct (about 5,000
// lines in two files, one including the other), written to a temporary directory.
// Run after `make build`:
//
//     node shared/scripts/codegen-timing.js [runs]
//
// Prints the median and slowest of `runs` (default 10) in-process runs of parse, check
// and emit of both files, and one run of the CLI as a user runs it (a new Node process).
const { execFileSync } = require("node:child_process");
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { generateFiles } = require("../dist/codegen");

const structs = 120;
const fieldsPerStruct = 20;
const methods = 150;

function commonIdl() {
  const lines = ["// Types shared by big.thrift.", "namespace * common", ""];
  for (let e = 0; e < 20; e++) {
    lines.push(
      `/** Enum ${e}. */`,
      `enum Kind${e} {`,
      ...Array.from({ length: 10 }, (_, m) => `  K${e}_${m} = ${m * 3},`),
      "}",
      "",
    );
  }
  lines.push("typedef i64 Id", "typedef map<string, list<Id>> Index", "");
  for (let x = 0; x < 10; x++)
    lines.push(`exception Failure${x} {`, "  1: required string message;", "  2: i32 code = 500;", "}", "");
  return lines.join("\n");
}

function bigIdl() {
  const lines = [
    'include "common.thrift"',
    "namespace * big",
    "",
    "const i32 LIMIT = 100",
    'const list<string> NAMES = ["a" "b"; "c"]',
    "",
  ];
  const types = [
    "i32",
    "i64",
    "string",
    "binary",
    "double",
    "bool",
    "common.Id",
    "common.Index",
    "list<i32>",
    "map<string, i64>",
    "set<string>",
  ];
  for (let s = 0; s < structs; s++) {
    lines.push(`/**`, ` * Struct ${s}: ${fieldsPerStruct} fields of every kind.`, ` */`, `struct S${s} {`);
    for (let f = 1; f <= fieldsPerStruct; f++) {
      const type = f === 1 && s > 0 ? `S${s - 1}` : f === 2 ? `common.Kind${s % 20}` : types[(s + f) % types.length];
      const requiredness = f % 5 === 0 ? "required " : f % 3 === 0 ? "optional " : "";
      lines.push(
        `  // Field ${f}.`,
        `  ${f}: ${requiredness}${type} f${f}${f === 2 ? ` = common.Kind${s % 20}.K${s % 20}_1` : ""} (note = "x");`,
      );
    }
    lines.push("}", "");
  }
  lines.push("union Either {", "  1: S0 left;", "  2: S1 right;", "}", "", "service Big {");
  for (let m = 0; m < methods; m++) {
    const policy = m % 3 === 0 ? ' (idempotency = "no_side_effects", cache.max_age = "5")' : "";
    lines.push(
      `  /** Method ${m}. */`,
      `  S${m % structs} call${m}(1: common.Id id, 2: S${(m + 1) % structs} body, 3: optional string note) throws (1: common.Failure${m % 10} failure)${policy}`,
    );
  }
  lines.push("}", "", "service Bigger extends Big {", "  oneway void ping()", "}", "");
  return lines.join("\n");
}

const runs = Number(process.argv[2] ?? 10);
const dir = mkdtempSync(join(tmpdir(), "codegen-timing-"));
try {
  const common = commonIdl();
  const big = bigIdl();
  writeFileSync(join(dir, "common.thrift"), common);
  writeFileSync(join(dir, "big.thrift"), big);
  const lineCount = (common + big).split("\n").length;
  const times = [];
  let generated = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const { modules } = generateFiles(join(dir, "big.thrift"));
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    generated = modules.reduce((sum, module) => sum + module.code.split("\n").length, 0);
  }
  times.sort((a, b) => a - b);
  const cli = join(__dirname, "..", "bin", "thrift-http-gen.js");
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [cli, join(dir, "big.thrift"), join(dir, "out")]);
  const cliMs = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    `IDL: ${lineCount} lines in 2 files (${structs} structs of ${fieldsPerStruct} fields, ${methods} methods); TypeScript: ${generated} lines`,
  );
  console.log(
    `in-process, ${runs} runs: median ${times[Math.floor(runs / 2)].toFixed(0)} ms, slowest ${times.at(-1).toFixed(0)} ms`,
  );
  console.log(`CLI, new process: ${cliMs.toFixed(0)} ms`);
} finally {
  if (process.env.KEEP) console.log(dir);
  else rmSync(dir, { recursive: true, force: true });
}
