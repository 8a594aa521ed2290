// Text from the request quoted in an error answer (a path, a method name, a protocol
// name): cut to a bound, so that an answer repeats at most a short excerpt of what the
// caller sent, whatever its size (a path may be 8 KiB, a Thrift method name as long as the
// body), and says how long the original was. Answers stay useful: real names are short.

/** Longest excerpt of caller text an error message quotes, in UTF-16 code units. */
export const maxQuotedLength = 100;

/** `text` whole when it is at most `maxQuotedLength` long, else its start and its length. */
export function quoted(text: string): string {
  if (text.length <= maxQuotedLength) return text;
  // Never half of a surrogate pair: it would encode as U+FFFD.
  const high = text.charCodeAt(maxQuotedLength - 1);
  const end = high >= 0xd800 && high <= 0xdbff ? maxQuotedLength - 1 : maxQuotedLength;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}
