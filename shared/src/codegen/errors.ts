// Mistakes in the IDL, reported as `file:line:column: message` like a compiler, so
// editors and terminals link straight to them. The CLI prints them without a stack.

export class IdlError extends Error {
  override readonly name = "IdlError";
}

/** Where a message points: lines and columns count from 1. */
export interface Location {
  readonly start: { readonly line: number; readonly column: number };
}

/** `file:line:column: message`. */
export function located(file: string, loc: Location, message: string): string {
  return `${file}:${loc.start.line}:${loc.start.column}: ${message}`;
}
