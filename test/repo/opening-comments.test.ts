// The house rule that every source file opens with a comment saying what it is and why,
// checked on every TypeScript and JavaScript file of the repository. Generated files pass
// with their generator's header.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repositoryFiles, root } from "./files";

const source = /\.(ts|js|mjs|cjs)$/;

const directive = /^\/\/\s*(biome-ignore|@ts-|eslint-)/;

/**
 * Whether `text` opens, after a `#!` line if any, with a comment that describes: a block
 * comment, or line comments of which one at least is more than a tool's directive
 * (`// @ts-nocheck`, `// biome-ignore …`), which says nothing of the file.
 */
function opensWithComment(text: string): boolean {
  const lines = text.replace(/^#!.*\n/, "").split("\n");
  if (lines[0]!.startsWith("/*")) return true;
  const end = lines.findIndex((line) => !line.startsWith("//"));
  const opening = end === -1 ? lines : lines.slice(0, end);
  return opening.some((line) => !directive.test(line));
}

describe("opening comments", () => {
  test("When a file opens with code, a blank line or a directive alone Then it has no opening comment", () => {
    expect(
      [
        "// The client's retries.\nimport x from 'x';\n",
        "/**\n * The client's retries.\n */\n",
        "#!/usr/bin/env node\n// Generates the fixtures.\n",
        'import { join } from "node:path";\n// A late comment.\n',
        "\n// After a blank line.\n",
        "// @ts-nocheck\n// Generated from thrift.peggy. Do not edit.\n",
        "// biome-ignore lint/style/useTemplate: a reason\nconst a = 1;\n",
        "#!/usr/bin/env node\nrequire('x');\n",
        "",
      ].map(opensWithComment),
    ).toEqual([true, true, true, false, false, true, false, false, false]);
  });

  test("Then every TypeScript and JavaScript file of the repository opens with one", () => {
    const files = repositoryFiles((name) => source.test(name));
    expect(files).toEqual(expect.arrayContaining(["shared/src/core/http.ts", "services/echo/src/handler.ts"]));
    const without = files.filter((file) => !opensWithComment(readFileSync(join(root, file), "utf8")));
    expect(without).toEqual([]);
  });
});
