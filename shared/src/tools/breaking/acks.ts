// Deliberate breaks, acknowledged in a file reviewed with the change that makes them
// (idl-acknowledged-breaks.txt for `make idl-breaking`). One break per line, as the
// check prints it, with the reason after a colon:
//
//     services/data/data.thrift method-removed DataService.counter: no caller left since v2 (access logs, 2026-01)
//
// `#` starts a comment line. A line that acknowledges no break of this run is
// reported, not fatal: once the change is in the base ref it is no longer a break, and
// the line can go.
import { rules, type Change, type RuleName } from "./rules";

export interface Acknowledgement {
  readonly file: string;
  readonly rule: RuleName;
  readonly subject: string;
  readonly reason: string;
  /** Its line in the file, from 1. */
  readonly line: number;
}

export class AcknowledgementError extends Error {
  override readonly name = "AcknowledgementError";
}

/** The key of a break: `<file> <rule> <subject>`, the file as the repository names it. */
export function breakKey(file: string, change: Change): string {
  return `${file} ${change.rule} ${change.subject}`;
}

/** The acknowledgements of `text` (the file `source`); throws an `AcknowledgementError` at the first bad line. */
export function parseAcknowledgements(text: string, source: string): Acknowledgement[] {
  const acknowledgements: Acknowledgement[] = [];
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const fail = (why: string): never => {
      throw new AcknowledgementError(`${source}:${index + 1}: ${why}; expected "<file> <rule> <subject>: <reason>"`);
    };
    const match = /^(\S+) (\S+) ([^:]+):(.*)$/.exec(line);
    if (match === null) return fail("not an acknowledgement");
    const [, file, rule, subject, reason] = match as unknown as [string, string, string, string, string];
    if (!Object.hasOwn(rules, rule)) return fail(`unknown rule "${rule}"`);
    if (rules[rule as RuleName].severity !== "break") return fail(`${rule} is not a break`);
    if (reason.trim() === "") return fail("the reason is missing");
    acknowledgements.push({ file, rule: rule as RuleName, subject, reason: reason.trim(), line: index + 1 });
  }
  return acknowledgements;
}

/** The acknowledgement of a break, if there is one. */
export function acknowledgementOf(
  acknowledgements: readonly Acknowledgement[],
  file: string,
  change: Change,
): Acknowledgement | undefined {
  const key = breakKey(file, change);
  return acknowledgements.find((ack) => `${ack.file} ${ack.rule} ${ack.subject}` === key);
}
