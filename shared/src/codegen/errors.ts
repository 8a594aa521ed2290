// Mistakes in the IDL, reported as `file:line:column: message` like a compiler, so
// editors and terminals link straight to them. The CLI prints them without a stack.
import type { TextLocation } from "@creditkarma/thrift-parser";

export class IdlError extends Error {
  override readonly name = "IdlError";
}

/** `file:line:column: message`. */
export function located(file: string, loc: TextLocation, message: string): string {
  return `${file}:${loc.start.line}:${loc.start.column}: ${message}`;
}
