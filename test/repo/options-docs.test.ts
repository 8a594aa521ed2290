// The house rule that options are documented: every field of an exported `…Options`
// interface carries a doc comment, and an optional one says what holds without it (its
// default, or that there is none). Read with TypeScript's own parser, over every source
// file but tests, fixtures and generated code.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { repositoryFiles, root } from "./files";

/** Words by which a field's doc says what holds when the field is left out. */
const saysDefault = /\bdefault\b|\bnone\b|\boff\b|\bon\b by|\bunless\b|\bwithout it\b|\bwhen absent\b/i;

interface Gap {
  readonly field: string;
  readonly missing: "doc" | "default";
}

/** The fields of exported `…Options` interfaces in `text` that lack a doc, or a default when optional. */
function undocumentedOptions(text: string, file = "options.ts"): Gap[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const gaps: Gap[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !node.name.text.endsWith("Options")) return;
    // `ResolvedXOptions` is `XOptions` checked and completed: its fields are documented there.
    if (node.name.text.startsWith("Resolved")) return;
    if (!node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return;
    for (const member of node.members) {
      const field = `${node.name.text}.${member.name?.getText(source) ?? "?"}`;
      const doc = ts
        .getJSDocCommentsAndTags(member)
        .map((comment) => comment.getText(source))
        .join(" ");
      if (doc === "") gaps.push({ field, missing: "doc" });
      else if (member.questionToken !== undefined && !saysDefault.test(doc)) gaps.push({ field, missing: "default" });
    }
  });
  return gaps;
}

const skipped = /\.test\.ts$|\.d\.ts$|\.generated\.ts$|(^|\/)(gen|__fixtures__|fixtures)\//;

describe("options docs", () => {
  test("When a field has no doc, or an optional one says nothing of its default Then it is named", () => {
    const text = [
      "export interface AOptions {",
      "  /** Pause between tries, in ms. */",
      "  pauseMs: number;",
      "  /** Tries at most. Default 3. */",
      "  tries?: number;",
      "  /** Where lines go. */",
      "  logger?: unknown;",
      "  name: string;",
      "}",
      "interface PrivateOptions { x: number }",
      "export interface ResolvedAOptions { name: string }",
      "export interface Other { y: number }",
    ].join("\n");
    expect(undocumentedOptions(text)).toEqual([
      { field: "AOptions.logger", missing: "default" },
      { field: "AOptions.name", missing: "doc" },
    ]);
  });

  test("Then every exported options interface of the repository documents every field", () => {
    const files = repositoryFiles((name) => name.endsWith(".ts")).filter((file) => !skipped.test(file));
    expect(files).toEqual(expect.arrayContaining(["shared/src/client/options.ts"]));
    const gaps = files.flatMap((file) =>
      undocumentedOptions(readFileSync(join(root, file), "utf8"), file).map((gap) => ({ file, ...gap })),
    );
    expect(gaps).toEqual([]);
  });
});
