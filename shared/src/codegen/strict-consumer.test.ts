// Generated modules compile in a project stricter than this one: the repository's own
// compiler settings (noUnusedLocals and the rest) plus exactOptionalPropertyTypes and
// allowUnreachableCode: false, which @tsconfig/strictest and many teams turn on, and which
// this repository leaves off. The
// modules are the fixtures' (every kind of definition, includes, names that clash); only
// their own diagnostics count, not those of the runtime they import.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const fixtures = join(__dirname, "fixtures");
const generated = [
  join(fixtures, "everything.ts"),
  join(fixtures, "extended.ts"),
  ...readdirSync(join(fixtures, "includes", "gen")).map((file) => join(fixtures, "includes", "gen", file)),
];

test("When a project compiles generated modules with exactOptionalPropertyTypes and no unreachable code Then they have no errors", () => {
  const configFile = join(__dirname, "..", "..", "tsconfig.json");
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, join(__dirname, "..", ".."), undefined, configFile);
  // The declarations of Apache's `thrift` package, which ships none, as the project has them.
  const program = ts.createProgram([...generated, join(__dirname, "..", "types", "thrift.d.ts")], {
    ...options,
    exactOptionalPropertyTypes: true,
    allowUnreachableCode: false,
    noEmit: true,
    composite: false,
    incremental: false,
    declaration: false,
  });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file !== undefined && generated.includes(diagnostic.file.fileName))
    .map((diagnostic) => {
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const where = `${diagnostic.file!.fileName.slice(fixtures.length + 1)}:${line + 1}`;
      return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    });
  expect(errors).toEqual([]);
}, 60_000);
