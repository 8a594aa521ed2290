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
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
}

// Between any two tokens: never what is missing.
const layout = new Set(["whitespace", "comment"]);

/** Parses one IDL file; throws an `IdlError` at the first syntax error. */
export function parseIdl(source: string, file: string): Document {
  try {
    return parse(source, {}) as Document;
  } catch (error) {
    if (!isSyntaxError(error)) throw error;
    const { line, column } = error.location.start;
    throw new IdlError(located(file, { start: { line, column } }, describe(error)));
  }
}

function isSyntaxError(error: unknown): error is PeggySyntaxError {
  return error instanceof Error && error.name === "SyntaxError" && "location" in error;
}

/** "expected X or Y, found Z", or the message of a rule that failed on purpose. */
function describe(error: PeggySyntaxError): string {
  if (error.expected === null) return error.message;
  const expected = [
    ...new Set(
      error.expected
        .map((e) => (e.type === "literal" ? JSON.stringify(e.text) : e.type === "end" ? "end of file" : (e.description ?? e.type)))
        // A character class is the inside of a token (more digits): not what is missing.
        .filter((text) => !layout.has(text) && text !== "class"),
    ),
  ].sort();
  const found = error.found === null ? "end of file" : JSON.stringify(error.found);
  const list = expected.length <= 1 ? expected.join("") : `${expected.slice(0, -1).join(", ")} or ${expected.at(-1)}`;
  return expected.length === 0 ? `unexpected ${found}` : `expected ${list}, found ${found}`;
}
