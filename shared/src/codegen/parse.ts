// IDL text to syntax tree, with the parser generated from idl/thrift.peggy. A syntax
// error is an `IdlError` at its exact line and column, saying what was expected there.
import type { Document } from "./idl/ast";
import { parse } from "./idl/parser.generated";
import { IdlError, located } from "./errors";

interface PeggyExpectation {
  readonly type: string;
  readonly text?: string;
  readonly description?: string;
}

interface PeggySyntaxError {
  readonly name: string;
  readonly message: string;
  readonly expected: readonly PeggyExpectation[] | null;
  readonly found: string | null;
  readonly location: { readonly start: { readonly line: number; readonly column: number; readonly offset: number } };
}

// Between any two tokens: never what is missing.
const layout = new Set(["whitespace", "comment"]);
/**
 * Brackets open at once, at most: the parser recurses per level, and a file nested
 * deeper than any real IDL would exhaust the stack instead of getting an answer.
 */
export const maxNesting = 200;

/** Parses one IDL file; throws an `IdlError` at the first syntax error. */
export function parseIdl(text: string, file: string): Document {
  // A byte order mark, which editors on Windows write first and Apache's compiler skips;
  // no editor shows it as a column, so it is dropped rather than read as a space.
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  checkNesting(source, file);
  try {
    return parse(source, {}) as Document;
  } catch (error) {
    if (!isSyntaxError(error)) throw error;
    const { line, column } = error.location.start;
    throw new IdlError(located(file, { start: { line, column } }, describe(error, source)));
  }
}

/** Fails at the bracket that opens one level more than `maxNesting`, outside strings and comments. */
function checkNesting(source: string, file: string): void {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\n") {
      line++;
      lineStart = i + 1;
    } else if (c === "[" || c === "{" || c === "(" || c === "<") {
      if (++depth > maxNesting) {
        const message = `more than ${maxNesting} brackets open at once`;
        throw new IdlError(located(file, { start: { line, column: i - lineStart + 1 } }, message));
      }
    } else if (c === "]" || c === "}" || c === ")" || c === ">") {
      depth = Math.max(0, depth - 1);
    } else if (c === '"' || c === "'") {
      // A string ends at its quote, or before the end of its line.
      let j = i + 1;
      while (j < source.length && source[j] !== c && source[j] !== "\n") {
        j += source[j] === "\\" && source[j + 1] !== "\n" ? 2 : 1;
      }
      i = source[j] === c ? j : j - 1;
    } else if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      const comment = source.slice(i, end < 0 ? source.length : end + 2);
      const newlines = comment.split("\n").length - 1;
      if (newlines > 0) {
        line += newlines;
        lineStart = i + comment.lastIndexOf("\n") + 1;
      }
      i += comment.length - 1;
    } else if ((c === "/" && source[i + 1] === "/") || c === "#") {
      const end = source.indexOf("\n", i);
      i = (end < 0 ? source.length : end) - 1;
    }
  }
}

function isSyntaxError(error: unknown): error is PeggySyntaxError {
  return error instanceof Error && error.name === "SyntaxError" && "location" in error;
}

/** "expected X or Y, found Z", or the message of a rule that failed on purpose. */
function describe(error: PeggySyntaxError, source: string): string {
  if (error.expected === null) return error.message;
  const expected = [
    ...new Set(
      error.expected
        .map((e) =>
          e.type === "literal" ? JSON.stringify(e.text) : e.type === "end" ? "end of file" : (e.description ?? e.type),
        )
        // A character class is the inside of a token (more digits): not what is missing.
        .filter((text) => !layout.has(text) && text !== "class"),
    ),
  ].sort();
  let found = error.found === null ? "end of file" : JSON.stringify(error.found);
  // A word shaped like a name, where a name would do, failed only as one of Thrift's
  // keywords (`uuid` became a type in Thrift 0.19): say so, not its first letter.
  // Elsewhere a word is quoted whole (`found "interaction"`), not its first letter.
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(error.location.start.offset))?.[0];
  if (word !== undefined) {
    found = expected.includes("identifier") ? `"${word}", a reserved word of Thrift's IDL` : JSON.stringify(word);
  }
  const list = expected.length <= 1 ? expected.join("") : `${expected.slice(0, -1).join(", ")} or ${expected.at(-1)}`;
  return expected.length === 0 ? `unexpected ${found}` : `expected ${list}, found ${found}`;
}
