// What a command of `thrift-http` reads and writes, passed in rather than reached for,
// so tests run a command in-process and see exactly what it printed.
import { text } from "node:stream/consumers";

export interface CliIo {
  /** Writes to standard output; a command ends its own lines. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** The environment (`THRIFT_HTTP_AUTH`, `THRIFT_HTTP_BEARER`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** All of standard input, as UTF-8. */
  stdin(): Promise<string>;
}

/** A command: its arguments (after its name) in, its exit status out. Never rejects for bad input. */
export type Command = (args: readonly string[], io: CliIo) => Promise<number>;

/** The exit statuses of every command (docs/tools.md). */
export const exitStatus = {
  /** Done: the result was printed. */
  ok: 0,
  /** The server answered with a declared exception or a `TApplicationException`; or the check found breaks. */
  answeredWithError: 1,
  /** A usage, IDL or argument mistake: nothing was sent. */
  usage: 2,
  /** A transport or HTTP failure: no Thrift answer. */
  transport: 3,
} as const;

/** Text from a server or a file, safe on a terminal: control characters but tab escaped. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) =>
    c === "\t" ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A mistake in how a command was called: printed with the command's usage, exit status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const processIo: CliIo = {
  out: (chunk) => void process.stdout.write(chunk),
  err: (chunk) => void process.stderr.write(chunk),
  env: process.env,
  stdin: () => text(process.stdin),
};
