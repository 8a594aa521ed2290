// The JSON reader, value by value: what TJSON writes is read, exactly; every other
// form is refused with a TProtocolException that says where and why.
import { Thrift } from "thrift";
import { createReader } from "./reader";
import { readMessage, type ThriftType } from "./__fixtures__/thrift-values";
import { thrown } from "./__fixtures__/thrown";

const { TProtocolExceptionType: Problem } = Thrift;

const names = {
  bool: "tf",
  i8: "i8",
  i16: "i16",
  i32: "i32",
  i64: "i64",
  double: "dbl",
  string: "str",
  binary: "str",
  uuid: "uid",
} as const;
type Scalar = keyof typeof names;

/** The message holding `value` (JSON text or bytes) as field 1, of scalar type `kind`. */
function message(kind: Scalar, value: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(`[1,"m",1,0,{"1":{"${names[kind]}":`), Buffer.from(value), Buffer.from("}}]")]);
}

function read(kind: Scalar | ThriftType, body: Buffer | string, limits = {}): unknown {
  const type = typeof kind === "string" ? { kind } : kind;
  return readMessage(createReader("json", Buffer.from(body), limits), type);
}

const readField = (kind: Scalar, value: string | Buffer) => read(kind, message(kind, value));
const refusal = (kind: Scalar, value: string | Buffer) => thrown(() => readField(kind, value));
// Where field 1's value starts in `message`: after `{"1":{"i32":`.
const at = message("i32", "").length - 3;
const boolAt = at - 1;

describe("the JSON reader", () => {
  describe("integers", () => {
    it.each([
      ["i8", "-128", -128],
      ["i8", "127", 127],
      ["i16", "-32768", -32768],
      ["i32", "2147483647", 2147483647],
      ["i32", "-0", 0],
      ["bool", "1", true],
      ["bool", "0", false],
      ["i64", "9223372036854775807", 2n ** 63n - 1n],
      ["i64", "-9223372036854775808", -(2n ** 63n)],
      // Beyond 2^53 a double would read 9007199254740992.
      ["i64", "9007199254740993", 9007199254740993n],
      // As Apache's Node writer pads a negative i64 above -10^11.
      ["i64", "-000000000001", -1n],
      ["i64", "-099999999999", -99999999999n],
      ["i64", `-${"0".repeat(30)}9223372036854775808`, -(2n ** 63n)],
    ] as const)("When an %s is %s Then it reads as %p", (kind, text, value) => {
      expect(readField(kind, text)).toBe(value);
    });

    it.each([
      ["i64", '"abc"', `Expected an i64 at byte ${at}, found '"'`],
      ["i64", '"7"', `Expected an i64 at byte ${at}, found '"'`],
      ["i32", "1.9", "Expected an i32, found 1.9"],
      ["i32", "1.0", "Expected an i32, found 1.0"],
      ["i32", "1e2", "Expected an i32, found 1e2"],
      ["i32", "2147483648", "an i32 out of range: 2147483648"],
      ["i8", "128", "an i8 out of range: 128"],
      ["i16", "-32769", "an i16 out of range: -32769"],
      ["i64", "9223372036854775808", "i64 out of range: 9223372036854775808"],
      ["i64", "-9223372036854775809", "i64 out of range: -9223372036854775809"],
      ["i64", "1".repeat(50), `i64 out of range: ${"1".repeat(40)}…`],
      ["i32", "01", `Expected '}' at byte ${at + 1}, found '1'`],
      ["i32", "+1", `Expected an i32 at byte ${at}, found '+'`],
      ["i32", "-", `Expected an i32 at byte ${at + 1}, found '}'`],
      ["i32", "true", `Expected an i32 at byte ${at}, found 't'`],
      ["i32", "null", `Expected an i32 at byte ${at}, found 'n'`],
      ["i32", "[1]", `Expected an i32 at byte ${at}, found '['`],
      ["bool", "2", "a bool (0 or 1) out of range: 2"],
      ["bool", "true", `Expected a bool (0 or 1) at byte ${boolAt}, found 't'`],
    ] as const)("When an %s is %s Then INVALID_DATA", (kind, text, message) => {
      expect(refusal(kind, text)).toMatchObject({ name: "TProtocolException", type: Problem.INVALID_DATA, message });
    });
  });

  describe("doubles", () => {
    it.each([
      ["1.5", 1.5],
      ["-0", -0],
      ["1", 1],
      ["1E-5", 1e-5],
      ["1.7976931348623157e308", Number.MAX_VALUE],
      ["5e-324", Number.MIN_VALUE],
      ['"NaN"', NaN],
      ['"Infinity"', Infinity],
      ['"-Infinity"', -Infinity],
      // As Apache's Python library writes them (`str(float)`), and reads them back.
      ['"nan"', NaN],
      ['"inf"', Infinity],
      ['"-inf"', -Infinity],
    ])("When a double is %s Then it reads as %p", (text, value) => {
      expect(readField("double", text)).toBe(value);
    });

    const notADouble = 'a double (a number, "NaN", "Infinity" or "-Infinity")';
    it.each([
      ['"1.5"', `Expected ${notADouble} at byte ${at + 1}, found '1'`],
      ['"Inf"', `Expected ${notADouble} at byte ${at + 1}, found 'I'`],
      ['"infinity"', `Expected ${notADouble} at byte ${at + 1}, found 'i'`],
      ["NaN", `Expected a double at byte ${at}, found 'N'`],
      ["Infinity", `Expected a double at byte ${at}, found 'I'`],
      ["1e400", "double out of range: 1e400"],
      ["-1e309", "double out of range: -1e309"],
      [".5", `Expected a double at byte ${at}, found '.'`],
      ["1.", `Expected a digit in a double at byte ${at + 2}, found '}'`],
      ["1e", `Expected a digit in a double at byte ${at + 2}, found '}'`],
      ["[]", `Expected a double at byte ${at}, found '['`],
    ])("When a double is %s Then INVALID_DATA", (text, message) => {
      expect(refusal("double", text)).toMatchObject({ type: Problem.INVALID_DATA, message });
    });
  });

  describe("strings", () => {
    it("reads every escape of RFC 8259, surrogate pairs and raw UTF-8", () => {
      const text = String.raw`"\"\\\/\b\f\n\r\t\u0000\u001F\u00e9\uD83D\uDE00 é😀"`;
      expect(readField("string", text)).toBe('"\\/\b\f\n\r\t\u0000\u001f\u00e9\u{1f600} é\u{1f600}');
    });

    it("reads control characters written raw, as Apache's Node and Python writers send them", () => {
      const raw = Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)).join("");
      expect(readField("string", Buffer.from(`"a${raw}b"`))).toBe(`a${raw}b`);
    });

    it.each([
      ["an unknown escape", String.raw`"\x"`, `Expected an escape (one of "\\/bfnrtu) at byte ${at + 2}, found 'x'`],
      [
        "a short \\u escape",
        String.raw`"\u12"`,
        `Expected a hexadecimal digit of a \\u escape at byte ${at + 5}, found '"'`,
      ],
      [
        "a lone high surrogate",
        String.raw`"\ud800"`,
        `Lone UTF-16 surrogate escape at byte ${at + 1}: not a Unicode character`,
      ],
      [
        "a lone low surrogate",
        String.raw`"a\udc00"`,
        `Lone UTF-16 surrogate escape at byte ${at + 2}: not a Unicode character`,
      ],
      [
        "a high surrogate before a letter",
        String.raw`"\ud800\u0041"`,
        `Lone UTF-16 surrogate escape at byte ${at + 1}: not a Unicode character`,
      ],
      [
        "a stray continuation byte",
        Buffer.from([0x22, 0x61, 0x80, 0x22]),
        `Invalid UTF-8 in the string at byte ${at + 1}`,
      ],
      ["an overlong encoding", Buffer.from([0x22, 0xc0, 0x80, 0x22]), `Invalid UTF-8 in the string at byte ${at + 1}`],
      [
        "a surrogate in UTF-8",
        Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]),
        `Invalid UTF-8 in the string at byte ${at + 1}`,
      ],
      [
        "a code point over U+10FFFF",
        Buffer.from([0x22, 0xf4, 0x90, 0x80, 0x80, 0x22]),
        `Invalid UTF-8 in the string at byte ${at + 1}`,
      ],
      ["a truncated sequence", Buffer.from([0x22, 0xe2, 0x82, 0x22]), `Invalid UTF-8 in the string at byte ${at + 1}`],
      ["a number", "12", `Expected '"' at byte ${at}, found '1'`],
      ["an object", "{}", `Expected '"' at byte ${at}, found '{'`],
    ])("When a string holds %s Then INVALID_DATA", (_case, text, message) => {
      expect(refusal("string", text)).toMatchObject({ type: Problem.INVALID_DATA, message });
    });

    it("When a string is unterminated Then INVALID_DATA", () => {
      const body = '[1,"m",1,0,{"1":{"str":"abc';
      expect(thrown(() => read("string", body))).toMatchObject({
        type: Problem.INVALID_DATA,
        message: `Expected '"' at byte ${body.length}, found the end of the message`,
      });
    });

    it("When a string is beyond maxStringBytes in UTF-8 Then SIZE_LIMIT", () => {
      expect(thrown(() => read("string", message("string", '"ééé"'), { maxStringBytes: 5 }))).toMatchObject({
        type: Problem.SIZE_LIMIT,
        message: "String exceeds the limit of 5 bytes",
      });
      // Escapes are counted as what they stand for.
      expect(read("string", message("string", String.raw`"\u00e9\u00e9"`), { maxStringBytes: 4 })).toBe("éé");
    });
  });

  describe("binary", () => {
    it.each([
      ['""', []],
      ['"AQ=="', [1]],
      ['"AQ"', [1]],
      ['"AQI="', [1, 2]],
      ['"AQI"', [1, 2]],
      ['"AQID"', [1, 2, 3]],
      ['"+/8="', [0xfb, 0xff]],
      [String.raw`"\/w=="`, [0xff]],
    ])("When a binary is %s Then it reads as %p", (text, bytes) => {
      expect(readField("binary", text)).toEqual(Buffer.from(bytes));
    });

    it.each(['"A"', '"AQ="', '"AQ==="', '"AQID="', '"AR=="', '"AQJ="', '"-_8="', '"AQ ID"', '"AQ==AQ=="', "12"])(
      "When a binary is %s Then INVALID_DATA",
      (text) => {
        expect(refusal("binary", text)).toMatchObject({
          type: Problem.INVALID_DATA,
          message:
            text === "12"
              ? `Expected '"' at byte ${at}, found '1'`
              : `Invalid base64 in the binary value at byte ${at}`,
        });
      },
    );

    it("When a binary value is beyond maxStringBytes Then SIZE_LIMIT", () => {
      expect(thrown(() => read("binary", message("binary", '"AQID"'), { maxStringBytes: 2 }))).toMatchObject({
        type: Problem.SIZE_LIMIT,
        message: "Binary value exceeds the limit of 2 bytes",
      });
    });
  });

  describe("UUIDs", () => {
    it("reads a UUID in the lower case the other protocols read", () => {
      expect(readField("uuid", '"00112233-4455-6677-8899-AABBCCDDEEFF"')).toBe("00112233-4455-6677-8899-aabbccddeeff");
    });

    it("reads any 128 bits, not only RFC 4122 UUIDs, as the other protocols do", () => {
      expect(readField("uuid", '"00112233-4455-0677-8899-aabbccddeeff"')).toBe("00112233-4455-0677-8899-aabbccddeeff");
    });

    it.each(['"00112233445566778899aabbccddeeff"', '"{00112233-4455-6677-8899-aabbccddeeff}"'])(
      "When a UUID is %s Then INVALID_DATA",
      (text) => {
        expect(refusal("uuid", text)).toMatchObject({
          type: Problem.INVALID_DATA,
          message: `Invalid UUID at byte ${at}`,
        });
      },
    );
  });

  describe("structure", () => {
    const map = { kind: "map", key: { kind: "i32" }, value: { kind: "string" } } as const;
    const doubles = { kind: "map", key: { kind: "double" }, value: { kind: "bool" } } as const;
    const lists = { kind: "list", element: { kind: "list", element: { kind: "i8" } } } as const;

    it("reads whitespace between tokens, quoted map keys and empty containers nested in containers", () => {
      expect(
        read(map, ' [ 1 , "m" , 1 , 0 , { "1" : { "map" : [ "i32" , "str" , 2 , { "-1" : "a" , "2" : "b" } ] } } ] \n'),
      ).toEqual(
        new Map([
          [-1, "a"],
          [2, "b"],
        ]),
      );
      expect(read(doubles, '[1,"m",1,0,{"1":{"map":["dbl","tf",3,{"1.5":1,"NaN":0,"-Infinity":1}]}}]')).toEqual(
        new Map([
          [1.5, true],
          [NaN, false],
          [-Infinity, true],
        ]),
      );
      // Apache's Python client writes the special keys its own way.
      expect(read(doubles, '[1,"m",1,0,{"1":{"map":["dbl","tf",3,{"nan":1,"inf":0,"-inf":1}]}}]')).toEqual(
        new Map([
          [NaN, true],
          [Infinity, false],
          [-Infinity, true],
        ]),
      );
      expect(read(lists, '[1,"m",1,0,{"1":{"lst":["lst",3,["i8",0],["i8",1,5],["i8",0]]}}]')).toEqual([[], [5], []]);
    });

    it.each([
      ["bytes after the message", map, '[1,"m",1,0,{}] x', "Unexpected bytes after the message at byte 15"],
      ["a second message", map, '[1,"m",1,0,{}][1,"m",1,0,{}]', "Unexpected bytes after the message at byte 14"],
      [
        "a map key without quotes",
        map,
        '[1,"m",1,0,{"1":{"map":["i32","str",1,{1:"a"}]}}]',
        "Expected '\"' at byte 39, found '1'",
      ],
      [
        "a map key with a space",
        map,
        '[1,"m",1,0,{"1":{"map":["i32","str",1,{" 1":"a"}]}}]',
        "Expected an i32 at byte 40, found byte 0x20",
      ],
      [
        "a map key escaped",
        map,
        String.raw`[1,"m",1,0,{"1":{"map":["i32","str",1,{"\u0031":"a"}]}}]`,
        "Expected an i32 at byte 40, found '\\'",
      ],
      [
        "a double key without quotes",
        doubles,
        '[1,"m",1,0,{"1":{"map":["dbl","tf",1,{1.5:1}]}}]',
        "Expected '\"' (a map key is a string) at byte 38, found '1'",
      ],
      [
        "more elements than its size",
        lists,
        '[1,"m",1,0,{"1":{"lst":["lst",1,["i8",0],["i8",0]]}}]',
        "Expected ']' at byte 40, found ','",
      ],
      [
        "fewer elements than its size",
        lists,
        '[1,"m",1,0,{"1":{"lst":["lst",2,["i8",0]]}}]',
        "Expected ',' at byte 40, found ']'",
      ],
      ["a field of two types", map, '[1,"m",1,0,{"1":{"i32":1,"str":"a"}}]', "Expected '}' at byte 24, found ','"],
      ["an unknown type", map, '[1,"m",1,0,{"1":{"i33":1}}]', "Unknown TJSON type at byte 17"],
      ["a field id out of range", map, '[1,"m",1,0,{"32768":{"i32":1}}]', "a field id (i16) out of range: 32768"],
      ["a trailing comma", map, '[1,"m",1,0,{"1":{"i32":1},}]', "Expected '\"' at byte 26, found '}'"],
      ["no struct", map, '[1,"m",1,0]', "Expected ',' at byte 10, found ']'"],
    ] as const)("When a message has %s Then INVALID_DATA", (_case, type, body, message) => {
      expect(thrown(() => read(type, body))).toMatchObject({ type: Problem.INVALID_DATA, message });
    });

    it.each([
      ["a version other than 1", '[2,"m",1,0,{}]', Problem.BAD_VERSION, "Unsupported TJSON version 2"],
      ["a number for the name", "[1,2,3,4,{}]", Problem.INVALID_DATA, "Expected '\"' at byte 3, found '2'"],
      ["a fractional seqid", '[1,"m",1,0.5,{}]', Problem.INVALID_DATA, "Expected a sequence id, found 0.5"],
      ["not JSON", "<html>502</html>", Problem.INVALID_DATA, "Expected '[' at byte 0, found '<'"],
      ["nothing", "", Problem.INVALID_DATA, "Expected '[' at byte 0, found the end of the message"],
    ])("When the header has %s Then the header does not read", (_case, body, type, message) => {
      expect(thrown(() => createReader("json", Buffer.from(body)).readMessageBegin())).toMatchObject({ type, message });
    });
  });

  describe("limits", () => {
    const nested = (depth: number) =>
      `[1,"m",1,0,{"9":{"lst":${'["lst",1,'.repeat(depth - 1)}["i8",0]${"]".repeat(depth - 1)}}}]`;

    it("When containers nest maxDepth deep Then they are skipped; deeper, DEPTH_LIMIT", () => {
      // The struct is one level: 63 lists inside it reach 64.
      expect(read("i32", nested(63))).toBeUndefined();
      expect(thrown(() => read("i32", nested(64)))).toMatchObject({
        type: Problem.DEPTH_LIMIT,
        message: "Nesting deeper than 64 levels",
      });
      expect(thrown(() => read("i32", nested(100_000)))).toMatchObject({ type: Problem.DEPTH_LIMIT });
    });

    it("When a list claims more elements than the bytes left can hold Then SIZE_LIMIT", () => {
      expect(thrown(() => read("i32", '[1,"m",1,0,{"9":{"lst":["i8",6,1,2,3]}}]'))).toMatchObject({
        type: Problem.SIZE_LIMIT,
        message: "Container size 6 exceeds what the rest of the message can hold",
      });
      expect(thrown(() => read("i32", '[1,"m",1,0,{"9":{"lst":["i8",-1]}}]'))).toMatchObject({
        type: Problem.NEGATIVE_SIZE,
      });
    });

    it("When a size is beyond maxContainerSize Then SIZE_LIMIT", () => {
      const body = '[1,"m",1,0,{"9":{"map":["i8","i8",2,{"1":1,"2":2}]}}]';
      expect(thrown(() => read("i32", body, { maxContainerSize: 1 }))).toMatchObject({
        type: Problem.SIZE_LIMIT,
        message: "Container size 2 exceeds the limit of 1",
      });
    });
  });

  describe("large inputs, read in one pass", () => {
    const mib = 1024 * 1024;

    it("reads a message padded with a MiB of whitespace", () => {
      const space = " \n\t\r".repeat(mib / 4);
      expect(read("i32", `${space}[1,${space}"m",1,0,{"1":{"i32":${space}7}}]${space}`)).toBe(7);
    });

    it("reads a string of 100,000 escapes and a MiB of base64", () => {
      expect(readField("string", `"${"\\u00e9".repeat(100_000)}"`)).toBe("é".repeat(100_000));
      const base64 = Buffer.alloc(mib, 7).toString("base64");
      // Compared as text: Jest compares a Buffer byte by byte, slowly.
      expect((readField("binary", `"${base64}"`) as Buffer).toString("base64")).toBe(base64);
    });

    it.each([
      ["i64", "9".repeat(mib), `i64 out of range: ${"9".repeat(40)}…`],
      ["i32", "9".repeat(mib), `an i32 out of range: ${"9".repeat(40)}…`],
      ["double", `1${"0".repeat(mib)}`, `double out of range: 1${"0".repeat(39)}…`],
    ] as const)("refuses a MiB of digits as an %s", (kind, digits, message) => {
      expect(refusal(kind, digits)).toMatchObject({ type: Problem.INVALID_DATA, message });
    });

    it("refuses a MiB of opening brackets in an unknown field at the depth limit", () => {
      expect(thrown(() => read("i32", `[1,"m",1,0,{"9":{"lst":${'["lst",1,'.repeat(mib / 9)}`))).toMatchObject({
        type: Problem.DEPTH_LIMIT,
      });
    });
  });

  it("When it is asked to write Then it throws", () => {
    expect(() => createReader("json", Buffer.alloc(0)).writeI32(1)).toThrow("JsonReader only reads");
  });
});
