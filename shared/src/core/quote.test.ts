// Caller text in error answers: short text whole, long text as a bounded excerpt that
// names its length, for every string (a property over the whole space, surrogates too).
import fc from "fast-check";
import { maxQuotedLength, quoted } from "./quote";

describe("quoted", () => {
  test("When the text is at most the bound Then it is quoted whole", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: maxQuotedLength, unit: "grapheme" }), (text) => {
        fc.pre(text.length <= maxQuotedLength);
        expect(quoted(text)).toBe(text);
      }),
    );
  });

  test("When the text is longer Then its start is quoted, never cut inside a character, with its length", () => {
    fc.assert(
      fc.property(fc.string({ minLength: maxQuotedLength + 1, maxLength: 3000, unit: "binary" }), (text) => {
        const excerpt = quoted(text);
        const start = excerpt.slice(0, excerpt.lastIndexOf("… ("));
        expect(text.startsWith(start)).toBe(true);
        expect(start.length).toBeGreaterThanOrEqual(maxQuotedLength - 1);
        expect(excerpt.endsWith(`… (${text.length} characters)`)).toBe(true);
        expect(/[\ud800-\udbff]$/.test(start)).toBe(false);
      }),
    );
  });

  test("When a long text has an emoji across the bound Then the excerpt stops before it", () => {
    const text = `${"a".repeat(maxQuotedLength - 1)}😀${"b".repeat(50)}`;
    expect(quoted(text)).toBe(`${"a".repeat(maxQuotedLength - 1)}… (${text.length} characters)`);
  });
});
