// Content-Encoding parsing (content-coding.ts): every spelling of each coding the services
// accept, identity and lists of them, and what is refused (several codings, unknown ones).
import fc from "fast-check";
import { contentCodingOf, contentCodings, type ContentCoding } from "./content-coding";

describe("contentCodingOf", () => {
  test.each<[string | string[] | undefined, ContentCoding | "identity" | undefined]>([
    [undefined, "identity"],
    ["", "identity"],
    ["identity", "identity"],
    ["gzip", "gzip"],
    ["x-gzip", "gzip"],
    ["deflate", "deflate"],
    ["br", "br"],
    ["zstd", "zstd"],
    ["GZIP", "gzip"],
    [" , zstd ,, ", "zstd"],
    ["identity, br", "br"],
    [["gzip"], "gzip"],
    [["identity", "deflate"], "deflate"],
    ["gzip, br", undefined],
    [["gzip", "gzip"], undefined],
    ["compress", undefined],
    ["gzip;q=1", undefined],
    ["*", undefined],
  ])("When Content-Encoding is %j Then the body is %s", (header, coding) => {
    expect(contentCodingOf(header)).toBe(coding);
  });

  // Any list of known names, in any case and spacing, with identity and empty elements
  // anywhere: the one coding it holds, identity if none, refused if more than one.
  test("When a list holds known codings in any form Then it is read as the one coding, or refused for more", () => {
    const name = fc.constantFrom<[string, ContentCoding | "identity"]>(
      ...contentCodings.map((coding) => [coding, coding] as [string, ContentCoding]),
      ["x-gzip", "gzip"],
      ["identity", "identity"],
    );
    const element = fc
      .tuple(name, fc.boolean(), fc.constantFrom("", " ", "\t", "  "))
      .map(([[text, coding], upper, space]) => ({
        text: `${space}${upper ? text.toUpperCase() : text}${space}`,
        coding,
      }));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(element, fc.constant({ text: " ", coding: "identity" as const })), { maxLength: 6 }),
        (elements) => {
          const codings = elements.map((each) => each.coding).filter((coding) => coding !== "identity");
          const expected = codings.length === 0 ? "identity" : codings.length === 1 ? codings[0] : undefined;
          expect(contentCodingOf(elements.map((each) => each.text).join(","))).toBe(expected);
        },
      ),
    );
  });

  test("When a list holds any other name Then it is refused", () => {
    const known = new Set(["gzip", "x-gzip", "deflate", "br", "zstd", "identity", ""]);
    const unknown = fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((text) => !text.includes(",") && !known.has(text.trim().toLowerCase()));
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("gzip", "identity", ""), { maxLength: 3 }),
        unknown,
        fc.nat(),
        (others, name, at) => {
          const list: string[] = [...others];
          list.splice(at % (list.length + 1), 0, name);
          expect(contentCodingOf(list.join(","))).toBeUndefined();
        },
      ),
    );
  });
});
