// Constants and defaults as generated from fixtures/everything.thrift: constants are
// frozen all the way down; defaults are fresh values; requiredness follows Apache's
// rules ("opt-in, req-out").
import { Thrift } from "thrift";
import {
  ADMIN,
  ALSO_MAX,
  AVOGADRO,
  BEYOND_DOUBLES,
  BLUE_VALUE,
  BY_COLOR,
  CORNERS,
  Color,
  DEFAULT_TAGS,
  DefaultsCodec,
  ENABLED,
  EverythingCodec,
  FAVOURITE,
  GREETING,
  LIMITS,
  LIMIT_LIST,
  MAGIC,
  NEGATIVE_ZERO,
  ORIGIN,
  POINT_SET,
  PRIMARY,
  ROOT_ID,
  SMALL,
  SMALLEST,
  SOME_DEFAULTS,
  StrictCodec,
  TINY,
  UNIT_CIRCLE,
  WHOLE,
  WIDE_MAX,
  type Defaults,
} from "./fixtures/everything";
import { caught, decode, encode, protocols, roundTrip } from "./fixtures/round-trip";

const { INVALID_DATA } = Thrift.TProtocolExceptionType;
const hex = (text: string) => Buffer.from(text.replace(/\s/g, ""), "hex");
const binaryEnvelope = "80010001 00000001 6d 00000000";

describe("constants", () => {
  it("have the IDL's values, naming other constants and enum values, of every numeric kind", () => {
    expect([ALSO_MAX, WIDE_MAX, BLUE_VALUE, FAVOURITE, ROOT_ID, SMALLEST, WHOLE]).toEqual([
      100,
      100n,
      6,
      Color.BLUE,
      16n,
      -128,
      3,
    ]);
    expect([ADMIN, BEYOND_DOUBLES]).toEqual([-(2n ** 63n), 2n ** 53n + 1n]);
    expect([AVOGADRO, TINY]).toEqual([6.02214076e23, -1.5e-7]);
    expect(Object.is(NEGATIVE_ZERO, -0)).toBe(true);
    expect([GREETING, ENABLED, MAGIC]).toEqual(['hello\n"world"', true, Buffer.from("TH")]);
    expect(LIMIT_LIST).toEqual([100, 100, -1]);
    expect([...LIMITS]).toEqual([
      ["a", 1],
      ["b", 100],
    ]);
    expect(UNIT_CIRCLE).toEqual({ case: "radius", value: 1 });
    // The fields the constant leaves out hold their defaults, as in a decoded Defaults.
    const decodedEmpty = decode(DefaultsCodec, hex(`${binaryEnvelope} 00`), "binary");
    expect(contents(SOME_DEFAULTS)).toEqual(
      contents({ ...decodedEmpty, tags: ["c"], origin: { x: 2, y: 2 }, named: new Map() }),
    );
    expect(SOME_DEFAULTS.flag).toBe(true);
  });

  it("When a struct constant is written and read back Then it holds what the constant holds, in every protocol", () => {
    for (const protocol of protocols) {
      expect(contents(roundTrip(DefaultsCodec, SOME_DEFAULTS, protocol))).toEqual(contents(SOME_DEFAULTS));
    }
  });

  it("are frozen all the way down", () => {
    for (const value of [PRIMARY, LIMIT_LIST, DEFAULT_TAGS, ORIGIN, CORNERS, CORNERS[0], UNIT_CIRCLE, SOME_DEFAULTS]) {
      expect(Object.isFrozen(value)).toBe(true);
    }
    expect(Object.isFrozen(BY_COLOR.get(Color.RED)![0])).toBe(true);
    expect(Object.isFrozen(SOME_DEFAULTS.tags)).toBe(true);
  });

  it.each<[string, () => unknown, string]>([
    ["a list", () => (PRIMARY as Color[]).push(Color.RED), "Cannot add property 2, object is not extensible"],
    [
      "a struct",
      () => ((ORIGIN as { x: number }).x = 1),
      "Cannot assign to read only property 'x' of object '#<Object>'",
    ],
    ["a map", () => (LIMITS as Map<string, number>).set("c", 3), "Cannot change a frozen map: it is a constant"],
    [
      "a map, by delete",
      () => (LIMITS as Map<string, number>).delete("a"),
      "Cannot change a frozen map: it is a constant",
    ],
    ["a set", () => (SMALL as Set<number>).add(3), "Cannot change a frozen set: it is a constant"],
    ["a set, by clear", () => (POINT_SET as Set<unknown>).clear(), "Cannot change a frozen set: it is a constant"],
    [
      "a map in a struct",
      () => (SOME_DEFAULTS.named as Map<string, unknown>).set("p", ORIGIN),
      "Cannot change a frozen map: it is a constant",
    ],
  ])("When code changes %s Then it throws a TypeError and the constant stays", (_, change, message) => {
    expect(caught(change)).toEqual(new TypeError(message));
    expect(PRIMARY).toEqual([Color.RED, Color.GREEN]);
    expect(LIMITS.size).toBe(2);
    expect(SMALL.size).toBe(2);
    expect(POINT_SET.size).toBe(2);
    expect(ORIGIN).toEqual({ x: 0, y: 0 });
  });

  it("compare their keys by value when a program looks them up", () => {
    expect(POINT_SET.has({ x: 3, y: 4 })).toBe(true);
    expect(SMALL.has(2)).toBe(true);
    expect(LIMITS.get("b")).toBe(100);
  });
});

describe("defaults", () => {
  it("When a struct is read without its defaulted fields Then each read gets its own values", () => {
    const first = decode(DefaultsCodec, encode(DefaultsCodec, { big: 1n }, "binary"), "binary");
    // An unset field of default requiredness was written as its default; compare with
    // one read from a struct with nothing on the wire.
    const empty = decode(DefaultsCodec, hex(`${binaryEnvelope} 00`), "binary");
    const second = decode(DefaultsCodec, hex(`${binaryEnvelope} 00`), "binary");
    empty.tags!.push("mutated");
    empty.moreTags!.push("mutated");
    empty.corners!.add({ x: 9, y: 9 });
    empty.origin!.x = 9;

    expect(second.tags).toEqual(["a", "b"]);
    expect(second.moreTags).toEqual(["x", "y"]);
    expect(second.corners!.size).toBe(2);
    expect(second.origin).toEqual({ x: 0, y: 1.5 });
    expect(DEFAULT_TAGS).toEqual(["x", "y"]);
    expect(first.moreTags).toEqual(["x", "y"]);
    expect(Object.isFrozen(second.moreTags)).toBe(false);
  });

  it.each(protocols)(
    "When a field of default requiredness is unset Then it is written as its default, an optional one not at all (%s)",
    (protocol) => {
      const defaults = decode(DefaultsCodec, encode(DefaultsCodec, {}, protocol), protocol);
      const { big, owner, ...written } = defaults;

      expect(encode(DefaultsCodec, {}, protocol)).toEqual(encode(DefaultsCodec, written, protocol));
      expect(encode(DefaultsCodec, {}, protocol)).not.toEqual(encode(DefaultsCodec, { ...written, big }, protocol));
      expect([big, owner]).toEqual([9007199254740993n, -(2n ** 63n)]);
    },
  );

  it("When a field of default requiredness has no default and is unset Then it is not written", () => {
    const value = {
      aBool: true,
      aByte: 1,
      anI8: -1,
      anI16: 2,
      anI32: 3,
      anI64: 4n,
      aDouble: 0.5,
      aString: "s",
      aBinary: Buffer.alloc(0),
      color: Color.RED,
      id: 5n,
    };

    expect(roundTrip(EverythingCodec, value, "binary")).toEqual(value);
    expect(roundTrip(EverythingCodec, value, "binary")).not.toHaveProperty("plain");
  });
});

describe("required fields with a default", () => {
  it("When one is missing on the wire Then reading fails: the default does not excuse it", () => {
    // Strict: 1: required i32 level = 3, 2: required list<string> names = ["a"]; only names sent.
    const bytes = hex(`${binaryEnvelope} 0f 0002 0b 00000001 00000001 62 00`);

    expect(caught(() => decode(StrictCodec, bytes, "binary"))).toMatchObject({
      name: "TProtocolException",
      type: INVALID_DATA,
      message: "Required field Strict.level is unset",
    });
  });

  it("When both are on the wire Then the struct reads", () => {
    const bytes = hex(`${binaryEnvelope} 08 0001 00000007 0f 0002 0b 00000001 00000001 62 00`);

    expect(decode(StrictCodec, bytes, "binary")).toEqual({ level: 7, names: ["b"] });
  });

  it("When one is unset Then writing fails", () => {
    expect(caught(() => encode(StrictCodec, { names: [] } as never, "binary"))).toMatchObject({
      type: INVALID_DATA,
      message: "Required field Strict.level is unset",
    });
  });
});

// The type the constants are checked against (compile time).
export const typed: Defaults = { tags: [...DEFAULT_TAGS] };

/** A value with its maps and sets as arrays: a constant's are frozen ThriftMaps and ThriftSets, a decoded value's Maps and Sets. */
function contents(value: unknown): unknown {
  if (value instanceof Map) return [...value].map(([key, item]) => [contents(key), contents(item)]);
  if (value instanceof Set) return [...value].map(contents);
  if (Array.isArray(value)) return value.map(contents);
  if (value === null || typeof value !== "object" || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, contents(item)]));
}
