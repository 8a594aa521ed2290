// The JSON mapping of Thrift values (json-read.ts, json-write.ts; docs/tools.md): any
// value of any type, written as JSON and read back, is the value it was; and what is
// refused is refused at its path.
import { join } from "node:path";
import fc from "fast-check";
import { valueOfType } from "../codegen/fixtures/arbitrary";
import type { TypeRef } from "../codegen/model";
import { exportName } from "../codegen/names";
import { loadProgram } from "../codegen/resolve/program";
import { type ThriftMap, ThriftSet } from "../core/keyed";
import { DynamicCodecs } from "./codec";
import { JsonValueError } from "./json-path";
import { fromJson } from "./json-read";
import { toJsonText } from "./json-write";

const fixtures = join(__dirname, "..", "codegen", "fixtures");
const idl = loadProgram(join(fixtures, "includes", "app.thrift"), {
  includeDirs: [join(fixtures, "includes", "lib")],
}).modules.at(-1)!;
const everything = loadProgram(join(fixtures, "everything.thrift")).modules.at(-1)!;
const extended = loadProgram(join(fixtures, "extended.thrift")).modules.at(-1)!;

/** The exception classes of `codecs`, where the arbitraries look them up: values built with them compare equal to those read. */
function classesOf(codecs: DynamicCodecs): Record<string, unknown> {
  const module: Record<string, unknown> = {};
  for (const [name, definition] of codecs.idl.byName) {
    if (definition.kind === "exception") module[exportName(name)] = codecs.exceptionClass(name);
  }
  return module;
}

const baseTypes: TypeRef[] = ["bool", "byte", "i16", "i32", "i64", "double", "string", "binary", "uuid"].map(
  (kind) => ({ kind }) as TypeRef,
);

/** Any type `codecs.idl` can name: base types, its enums and structs (included files' too), and containers of them. */
function typeOf(codecs: DynamicCodecs): fc.Arbitrary<TypeRef> {
  const named: TypeRef[] = [...codecs.idl.byName].flatMap(([name, definition]): TypeRef[] => {
    if (definition.kind === "enum") return [{ kind: "enum", name }];
    if (definition.kind === "struct" || definition.kind === "union" || definition.kind === "exception")
      return [{ kind: "struct", name }];
    return [];
  });
  const { type } = fc.letrec<{ type: TypeRef }>((tie) => ({
    type: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom(...baseTypes, ...named),
      tie("type").map((element): TypeRef => ({ kind: "list", element })),
      tie("type").map((element): TypeRef => ({ kind: "set", element })),
      fc.tuple(tie("type"), tie("type")).map(([key, value]): TypeRef => ({ kind: "map", key, value })),
    ),
  }));
  return type;
}

describe.each([
  ["everything.thrift", everything],
  ["extended.thrift", extended],
  ["includes/app.thrift", idl],
])("the JSON mapping of the types of %s", (_file, model) => {
  const codecs = new DynamicCodecs(model);
  const classes = classesOf(codecs);

  it("When any value of any type is written as JSON and read back Then it is the same value", () => {
    const typeAndValue = typeOf(codecs).chain((type) =>
      valueOfType(model, classes, type).map((value) => [type, value] as const),
    );
    fc.assert(
      fc.property(typeAndValue, fc.constantFrom(0, 2), ([type, value], indent) => {
        const text = toJsonText(codecs, type, value, { indent });
        expect(fromJson(codecs, type, JSON.parse(text))).toEqual(value);
      }),
    );
  });

  it("When a value is read from its JSON and written again Then the text is the same", () => {
    const typeAndValue = typeOf(codecs).chain((type) =>
      valueOfType(model, classes, type).map((value) => [type, value] as const),
    );
    fc.assert(
      fc.property(typeAndValue, ([type, value]) => {
        const text = toJsonText(codecs, type, value);
        expect(toJsonText(codecs, type, fromJson(codecs, type, JSON.parse(text)))).toBe(text);
      }),
    );
  });
});

describe("the JSON mapping of each base type", () => {
  const codecs = new DynamicCodecs(everything);
  const read = (kind: string, json: unknown) => fromJson(codecs, { kind } as TypeRef, json);
  const write = (kind: string, value: unknown) => toJsonText(codecs, { kind } as TypeRef, value);
  const refusal = (type: TypeRef, json: unknown) => {
    try {
      fromJson(codecs, type, json, "x");
    } catch (error) {
      expect(error).toBeInstanceOf(JsonValueError);
      return (error as Error).message;
    }
    throw new Error("expected a refusal");
  };

  it("When any double is written and read back Then it is the same double, -0, NaN and the infinities included", () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        expect(Object.is(read("double", JSON.parse(write("double", value))), value)).toBe(true);
      }),
    );
    expect([-0, NaN, Infinity, -Infinity].map((value) => write("double", value))).toEqual([
      "-0",
      '"NaN"',
      '"Infinity"',
      '"-Infinity"',
    ]);
  });

  it("When an i64 is given as a string or a safe integer Then it is read exactly, and always written as a string", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (value) => {
        expect(write("i64", value)).toBe(`"${value}"`);
        expect(read("i64", String(value))).toBe(value);
      }),
    );
    expect([read("i64", 9007199254740991), read("i64", -9007199254740991), read("i64", "007")]).toEqual([
      9007199254740991n,
      -9007199254740991n,
      7n,
    ]);
  });

  it("When binary is written Then it is padded base64, and read back padded or not", () => {
    expect(write("binary", Buffer.from([0xfb, 0xff]))).toBe('"+/8="');
    expect([read("binary", "+/8="), read("binary", "+/8"), read("binary", "")]).toEqual([
      Buffer.from([0xfb, 0xff]),
      Buffer.from([0xfb, 0xff]),
      Buffer.alloc(0),
    ]);
  });

  it("When a uuid is read in upper case Then it is lower-cased", () => {
    expect(read("uuid", "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6")).toBe("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
  });

  it("When an enum value is read Then a name or any i32 is taken; one the IDL does not list is written as its number", () => {
    const color: TypeRef = { kind: "enum", name: "Color" };
    expect([fromJson(codecs, color, "GREEN"), fromJson(codecs, color, 5), fromJson(codecs, color, 7)]).toEqual([
      5, 5, 7,
    ]);
    expect([toJsonText(codecs, color, 6), toJsonText(codecs, color, 7)]).toEqual(['"BLUE"', "7"]);
  });

  it("When a union read from the wire has no member this program knows Then it is written as {}", () => {
    expect(toJsonText(codecs, { kind: "struct", name: "Shape" }, { case: undefined })).toBe("{}");
  });

  it("When a map has a key named __proto__ Then it is an ordinary key both ways", () => {
    const type: TypeRef = { kind: "map", key: { kind: "string" }, value: { kind: "i32" } };
    const value = fromJson(codecs, type, JSON.parse('{"__proto__": 1, "a": 2}'));
    expect(value).toEqual(
      new Map([
        ["__proto__", 1],
        ["a", 2],
      ]),
    );
    expect(toJsonText(codecs, type, value)).toBe('{"__proto__":1,"a":2}');
  });

  it.each([
    [{ kind: "bool" }, 1, "x: expected true or false for bool, got 1"],
    [{ kind: "byte" }, 128, "x: expected an integer from -128 to 127 for byte, got 128"],
    [{ kind: "i16" }, -32769, "x: expected an integer from -32768 to 32767 for i16, got -32769"],
    [{ kind: "i32" }, 1.5, "x: expected an integer from -2147483648 to 2147483647 for i32, got 1.5"],
    [{ kind: "i32" }, "1", 'x: expected an integer from -2147483648 to 2147483647 for i32, got "1"'],
    [
      { kind: "i64" },
      "9223372036854775808",
      'x: expected an integer from -9223372036854775808 to 9223372036854775807 for i64, got "9223372036854775808"',
    ],
    [{ kind: "i64" }, "1e3", 'x: expected a decimal string, or an integer within ±(2^53 - 1) for i64, got "1e3"'],
    [
      { kind: "i64" },
      2 ** 53,
      "x: expected a decimal string, or an integer within ±(2^53 - 1) (larger ones must be strings: a JSON number this large is not exact) for i64, got 9007199254740992",
    ],
    [{ kind: "double" }, "1.5", 'x: expected a number, "NaN", "Infinity" or "-Infinity" for double, got "1.5"'],
    [{ kind: "string" }, null, "x: expected a string for string, got null"],
    [{ kind: "binary" }, "a*b=", 'x: expected base64 for binary, got "a*b="'],
    [{ kind: "binary" }, "QR==", 'x: expected base64 for binary, got "QR=="'],
    [
      { kind: "uuid" },
      "f81d4fae7dec11d0a76500a0c91e6bf6",
      'x: expected a uuid (8-4-4-4-12 hex digits) for uuid, got "f81d4fae7dec11d0a76500a0c91e6bf6"',
    ],
    [
      { kind: "list", element: { kind: "i32" } },
      [1, "2"],
      'x[1]: expected an integer from -2147483648 to 2147483647 for i32, got "2"',
    ],
    [
      { kind: "set", element: { kind: "string" } },
      ["a", "b", "a"],
      "x[2]: equals the element at x[0]: a set holds each element once",
    ],
    [
      { kind: "set", element: { kind: "struct", name: "Point" } },
      [
        { x: 1, y: 2 },
        { y: 2, x: 1 },
      ],
      "x[1]: equals the element at x[0]: a set holds each element once",
    ],
    [
      { kind: "map", key: { kind: "i64" }, value: { kind: "string" } },
      { 1: "a" },
      "x: expected an array of [key, value] pairs for map<i64, string>, got an object",
    ],
    [
      { kind: "map", key: { kind: "i64" }, value: { kind: "string" } },
      [
        ["1", "a"],
        [1, "b"],
      ],
      "x[1][0]: equals the key at x[0][0]: a map holds each key once",
    ],
    [
      { kind: "map", key: { kind: "i64" }, value: { kind: "string" } },
      [["1"]],
      "x[0]: expected a [key, value] pair, got an array",
    ],
    [
      { kind: "map", key: { kind: "string" }, value: { kind: "i32" } },
      { "a b": true },
      'x["a b"]: expected an integer from -2147483648 to 2147483647 for i32, got true',
    ],
    [{ kind: "struct", name: "Point" }, { x: 1 }, "x.y: missing required field (double)"],
    [{ kind: "struct", name: "Point" }, { x: 1, y: 2, z: 3 }, 'x: struct Point has no field "z": its fields are x, y'],
    [{ kind: "struct", name: "Point" }, [1, 2], "x: expected an object for Point, got an array"],
    [
      { kind: "struct", name: "Shape" },
      { radius: 1, point: { x: 0, y: 0 } },
      "x: union Shape needs exactly one of point, polygon, radius, got 2",
    ],
    [{ kind: "struct", name: "Shape" }, {}, "x: union Shape needs exactly one of point, polygon, radius, got 0"],
    [
      { kind: "struct", name: "Shape" },
      { square: 1 },
      'x: union Shape has no field "square": its fields are point, polygon, radius',
    ],
    [{ kind: "struct", name: "NotFound" }, { message: "m" }, "x.key: missing required field (string)"],
    [
      { kind: "enum", name: "Color", alias: "Hue" },
      2 ** 31,
      "x: expected a member of Color (RED, GREEN, BLUE) or an i32 for Hue, got 2147483648",
    ],
  ] as [TypeRef, unknown, string][])("When %j is given %j Then it is refused: %s", (type, json, message) => {
    expect(refusal(type, json)).toBe(message);
  });

  it("When an exception is read Then it is an instance of its class, with its message field as its message", () => {
    const error = fromJson(codecs, { kind: "struct", name: "NotFound" }, { key: "k", message: "no k" });
    expect(error).toBeInstanceOf(codecs.exceptionClass("NotFound"));
    expect(error).toMatchObject({ name: "NotFound", key: "k", message: "no k" });
    expect(toJsonText(codecs, { kind: "struct", name: "NotFound" }, error)).toBe('{"key":"k","message":"no k"}');
  });

  it("When a string holds DEL or C1 controls Then they are written escaped, so no terminal acts on them, and read back the same", () => {
    const text = "a\u009b31m\u007fb\u0085";
    expect(write("string", text)).toBe('"a\\u009b31m\\u007fb\\u0085"');
    expect(read("string", JSON.parse(write("string", text)))).toBe(text);
  });

  it("When a value nests deeper than a server reads (64 structs and containers) Then it is refused where it does", () => {
    const tree = (levels: number): unknown =>
      levels === 1 ? { label: "leaf" } : { label: "node", parent: tree(levels - 1) };
    const type: TypeRef = { kind: "struct", name: "Tree" };
    expect(() => fromJson(codecs, type, tree(64))).not.toThrow();
    expect(refusal(type, tree(65))).toBe(
      `x${".parent".repeat(64)}: nested deeper than 64 structs and containers, which no server reads`,
    );
  });

  it("When a set or map of structs is read Then it compares by value", () => {
    const points = fromJson(codecs, { kind: "set", element: { kind: "struct", name: "Point" } }, [{ x: 1, y: 2 }]);
    expect(points).toEqual(new ThriftSet([{ x: 1, y: 2 }]));
    const named = fromJson(codecs, { kind: "map", key: { kind: "struct", name: "Point" }, value: { kind: "string" } }, [
      [{ x: 1, y: 2 }, "p"],
    ]);
    expect((named as ThriftMap<unknown, string>).get({ x: 1, y: 2 })).toBe("p");
  });
});
