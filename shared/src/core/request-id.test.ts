import fc from "fast-check";
import { isRequestId, requestIdOf } from "./request-id";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestIdOf", () => {
  test("When the header is a sane id Then it is kept", () => {
    expect(requestIdOf("gw-7f3a:12.4_x")).toBe("gw-7f3a:12.4_x");
    expect(requestIdOf("a".repeat(128))).toBe("a".repeat(128));
  });

  test.each([
    ["missing", undefined],
    ["empty", ""],
    ["too long", "a".repeat(129)],
    ["with a space", "a b"],
    ["with a line break", "a\nb"],
    ["repeated (an array)", ["a", "b"]],
  ])("When the header is %s Then a fresh UUID replaces it", (_case, header) => {
    expect(requestIdOf(header)).toMatch(uuid);
  });

  test("When the header is any text Then the id is the header only if it is 1-128 of letters, digits, _ . : -", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 140 }), fc.stringMatching(/^[\w.:-]{0,130}$/)), (header) => {
        const id = requestIdOf(header);
        const sane = /^[\w.:-]{1,128}$/.test(header);
        expect(isRequestId(header)).toBe(sane);
        if (sane) expect(id).toBe(header);
        else expect(id).toMatch(uuid);
      }),
    );
  });
});
