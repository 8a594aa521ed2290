// What the JSON reader refuses, over whole classes of input (fast-check): every
// invalid form of every scalar type, wherever a value can stand (a field, a list
// element, a map value, a map key), and every truncation, trailing garbage or broken
// structure of a valid message. Each is a TProtocolException, never a value.
import fc from "fast-check";
import { Thrift } from "thrift";
import { createReader } from "./reader";
import { decodeBase64 } from "./json-values";
import { isUuid } from "./uuid";
import { createWriter } from "./writer";
import {
  readMessage,
  thriftType,
  valueOfType,
  writeMessage,
  type ScalarType,
  type ThriftType,
} from "./__fixtures__/thrift-values";

type Kind = ScalarType["kind"];
const names: Record<Kind, string> = {
  bool: "tf",
  i8: "i8",
  i16: "i16",
  i32: "i32",
  i64: "i64",
  double: "dbl",
  string: "str",
  binary: "str",
  uuid: "uid",
};
const validText: Record<Kind, string> = {
  bool: "1",
  i8: "1",
  i16: "1",
  i32: "1",
  i64: "1",
  double: "1.5",
  string: '"s"',
  binary: '"AQ=="',
  uuid: '"00000000-0000-0000-0000-000000000000"',
};
const ranges = {
  bool: [0n, 1n],
  i8: [-(2n ** 7n), 2n ** 7n - 1n],
  i16: [-(2n ** 15n), 2n ** 15n - 1n],
  i32: [-(2n ** 31n), 2n ** 31n - 1n],
  i64: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;
type IntegerKind = keyof typeof ranges;

const text = (t: string | Buffer) => (typeof t === "string" ? Buffer.from(t) : t);
const quoted = (inner: Buffer) => Buffer.concat([Buffer.from('"'), inner, Buffer.from('"')]);

/** Not a Thrift scalar in any position. */
const wrongType = fc.constantFrom("true", "false", "null", "[]", "{}", "[1]", '{"a":1}');
const badNumber = fc.constantFrom(
  "+1",
  "-",
  "1.",
  ".5",
  "1e",
  "1e+",
  "0x10",
  "--1",
  "1.2.3",
  "Infinity",
  "NaN",
  "-NaN",
  "",
);

/** The bytes of a JSON string that is not valid JSON: bad escapes, lone surrogates, bad UTF-8 (raw controls are read). */
const badString: fc.Arbitrary<Buffer> = fc
  .tuple(
    fc.string({ maxLength: 4 }).map((s) => JSON.stringify(s).slice(1, -1)),
    fc.oneof(
      fc.constantFrom(..."acdeghijklmopqsvwxyz0'UX ").map((c) => Buffer.from(`\\${c}`)),
      fc
        .constantFrom("\\uG", "\\u1G", "\\u12G", "\\u123G", "\\u12G4", "\\uZZZZ", "\\u{41}", "\\u-123")
        .map((s) => Buffer.from(s)),
      fc.integer({ min: 0xd800, max: 0xdbff }).map((u) => Buffer.from(`\\u${u.toString(16)}`)),
      fc.integer({ min: 0xdc00, max: 0xdfff }).map((u) => Buffer.from(`\\u${u.toString(16)}`)),
      fc.integer({ min: 0xd800, max: 0xdbff }).map((u) => Buffer.from(`\\u${u.toString(16)}\\u0041`)),
      fc
        .constantFrom(
          [0x80],
          [0xbf],
          [0xc0, 0x80],
          [0xc1, 0xbf],
          [0xe0, 0x80, 0x80],
          [0xed, 0xa0, 0x80],
          [0xf0, 0x80, 0x80, 0x80],
          [0xf4, 0x90, 0x80, 0x80],
          [0xf5, 0x80, 0x80, 0x80],
          [0xff],
          [0xe2, 0x82],
          [0xc3],
        )
        .map((bytes) => Buffer.from(bytes)),
    ),
    fc.string({ maxLength: 4 }).map((s) => JSON.stringify(s).slice(1, -1)),
  )
  .map(([before, bad, after]) => quoted(Buffer.concat([Buffer.from(before), bad, Buffer.from(after)])));

const anyJsonString = fc.string().map((s) => JSON.stringify(s));

function badInteger(kind: IntegerKind): fc.Arbitrary<string | Buffer> {
  const [min, max] = ranges[kind];
  const inRange = fc.bigInt({ min, max });
  return fc.oneof(
    wrongType,
    badNumber,
    anyJsonString,
    badString,
    inRange.map((n) => `"${n}"`),
    inRange.map((n) => `${n}.0`),
    inRange.map((n) => `${n}e0`),
    fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((d) => !Number.isInteger(d))
      .map(String),
    fc.bigInt({ min: max + 1n, max: max + 2n ** 80n }).map(String),
    fc.bigInt({ min: min - 2n ** 80n, max: min - 1n }).map(String),
    // Leading zeros: only i64 takes them, for Apache's Node writer.
    kind === "i64" ? badNumber : fc.bigInt({ min: 0n, max }).map((n) => `0${n}`),
  );
}

// As Apache's C++, Java and Node libraries write them, and as its Python library does.
const special = ['"NaN"', '"Infinity"', '"-Infinity"', '"nan"', '"inf"', '"-inf"'];
const badDouble: fc.Arbitrary<string | Buffer> = fc.oneof(
  wrongType,
  badNumber,
  badString,
  anyJsonString.filter((s) => !special.includes(s)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => `"${d}"`),
  fc.constantFrom(
    '"Nan"',
    '"INF"',
    '"+inf"',
    '"+Infinity"',
    '"NaN "',
    '"-NaN"',
    '"Infinity\\u0000"',
    "01",
    "-01",
    "00.5",
  ),
  fc.integer({ min: 309, max: 100_000 }).chain((e) => fc.constantFrom(`1e${e}`, `-9.9e${e}`, `${"9".repeat(e)}`)),
);

const base64 = fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes).toString("base64"));
const notBase64Char = fc.constantFrom(..."-_.~!*=@ \u00e9");
const badBase64: fc.Arbitrary<string | Buffer> = fc.oneof(
  wrongType,
  badString,
  fc.tuple(base64, fc.nat(), notBase64Char).map(([b, at, c]) => {
    const i = at % (b.length + 1);
    return JSON.stringify(b.slice(0, i) + c + b.slice(i));
  }),
  base64.map((b) => JSON.stringify(`${b}=`)),
  base64.map((b) => {
    const unpadded = b.replace(/=+$/, "");
    // One character too many, or padding that does not fill the last group.
    const tail = unpadded.length % 4;
    return JSON.stringify(tail === 0 ? `${unpadded}A` : `${unpadded}${tail === 2 ? "=" : "=="}`);
  }),
  // Bits beyond the data in the last character.
  fc
    .uint8Array({ minLength: 1, maxLength: 12 })
    .filter((b) => b.length % 3 !== 0)
    .map((bytes) => {
      const b = Buffer.from(bytes).toString("base64").replace(/=+$/, "");
      return JSON.stringify(`${b.slice(0, -1)}${b.length % 4 === 2 ? "B" : "D"}`);
    }),
  fc
    .string()
    .filter((s) => decodeBase64(s) === undefined)
    .map((s) => JSON.stringify(s)),
);

const badUuid: fc.Arbitrary<string | Buffer> = fc.oneof(
  wrongType,
  badString,
  fc
    .string()
    .filter((s) => !isUuid(s))
    .map((s) => JSON.stringify(s)),
  fc.uuid().map((u) => JSON.stringify(`{${u}}`)),
  fc.uuid().map((u) => JSON.stringify(u.replace(/-/g, ""))),
);

const badValues: Record<Kind, fc.Arbitrary<string | Buffer>> = {
  bool: fc.oneof(
    badInteger("bool"),
    fc
      .integer()
      .filter((n) => n !== 0 && n !== 1)
      .map(String),
  ),
  i8: badInteger("i8"),
  i16: badInteger("i16"),
  i32: badInteger("i32"),
  i64: badInteger("i64"),
  double: badDouble,
  string: fc.oneof(wrongType, badString, fc.integer().map(String)),
  binary: badBase64,
  uuid: badUuid,
};

/** Map keys: like values, but numbers in quotes and nothing else. */
const badKeys: Record<Kind, fc.Arbitrary<string | Buffer>> = {
  ...badValues,
  bool: fc.oneof(fc.constantFrom("1", "0", '"true"', '" 1"', '"1 "', '"01"', '"1.0"', '"\\u0031"', '""'), badString),
  i8: fc.oneof(
    fc.integer({ min: -128, max: 127 }).map(String),
    fc.constantFrom('" 1"', '"1 "', '"1.5"', '"128"', '"\\u0031"', '""', '"abc"'),
    badString,
  ),
  i16: fc.oneof(
    fc.integer({ min: 0, max: 9 }).map(String),
    fc.constantFrom('" 1"', '"1e0"', '"32768"', '"+1"', '""'),
    badString,
  ),
  i32: fc.oneof(fc.integer().map(String), fc.constantFrom('" 1"', '"1."', '"2147483648"', '"0x1"', '""'), badString),
  i64: fc.oneof(
    fc.bigInt().map(String),
    fc.constantFrom('" 1"', '"1.5"', '"9223372036854775808"', '"-"', '""'),
    badString,
  ),
  double: fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    fc.constantFrom('" 1"', '"1 "', '"1e400"', '"NAN"', '"abc"', '""', '"."', '"01"', "true"),
    badString,
  ),
};

/** A message whose value (or key) of type `kind` is `hole`, and the type to read it as. */
const positions: Record<string, (kind: Kind, hole: Buffer) => [Buffer, ThriftType]> = {
  field: (kind, hole) => [Buffer.concat([text(`[1,"m",1,0,{"1":{"${names[kind]}":`), hole, text("}}]")]), { kind }],
  element: (kind, hole) => [
    Buffer.concat([text(`[1,"m",1,0,{"1":{"lst":["${names[kind]}",2,${validText[kind]},`), hole, text("]}}]")]),
    { kind: "list", element: { kind } },
  ],
  "map value": (kind, hole) => [
    Buffer.concat([text(`[1,"m",1,0,{"1":{"map":["str","${names[kind]}",1,{"k":`), hole, text("}]}}]")]),
    { kind: "map", key: { kind: "string" }, value: { kind } },
  ],
};

function refused(bytes: Buffer, type: ThriftType): unknown {
  try {
    return { read: readMessage(createReader("json", bytes), type) };
  } catch (error) {
    return error instanceof Thrift.TProtocolException ? "refused" : error;
  }
}

const kinds = Object.keys(names) as Kind[];

describe("the JSON reader refuses", () => {
  describe.each(Object.keys(positions))("as a %s", (position) => {
    it.each(kinds)("every invalid %s", (kind) => {
      fc.assert(
        fc.property(badValues[kind], (bad) => {
          expect(refused(...positions[position]!(kind, text(bad)))).toBe("refused");
        }),
        { numRuns: 300 },
      );
    });
  });

  it.each(kinds)("every invalid %s map key", (kind) => {
    const message = (hole: Buffer) =>
      Buffer.concat([text(`[1,"m",1,0,{"1":{"map":["${names[kind]}","tf",1,{`), hole, text(":1}]}}]")]);
    const type: ThriftType = { kind: "map", key: { kind }, value: { kind: "bool" } };
    fc.assert(
      fc.property(badKeys[kind], (bad) => {
        expect(refused(message(text(bad)), type)).toBe("refused");
      }),
      { numRuns: 300 },
    );
  });

  const validMessage = thriftType().chain((type) =>
    valueOfType(type).map((value) => {
      const writer = createWriter("json");
      writeMessage(writer.protocol, type, value);
      return { type, bytes: writer.toBuffer() };
    }),
  );

  it("every truncated valid message", () => {
    fc.assert(
      fc.property(validMessage, fc.nat(), ({ type, bytes }, at) => {
        expect(refused(bytes.subarray(0, at % bytes.length), type)).toBe("refused");
      }),
      { numRuns: 500 },
    );
  });

  it("every valid message followed by anything but whitespace", () => {
    const garbage = fc
      .uint8Array({ minLength: 1, maxLength: 8 })
      .filter((b) => b.some((c) => !" \t\n\r".includes(String.fromCharCode(c))));
    fc.assert(
      fc.property(validMessage, garbage, ({ type, bytes }, extra) => {
        expect(refused(Buffer.concat([bytes, extra]), type)).toBe("refused");
        expect(refused(Buffer.concat([bytes, Buffer.from(" \n\t\r")]), type)).not.toBe("refused");
      }),
      { numRuns: 500 },
    );
  });

  it("every valid message with one bracket, brace, comma or colon removed or doubled", () => {
    fc.assert(
      fc.property(validMessage, fc.nat(), fc.boolean(), ({ type, bytes }, pick, remove) => {
        const structural = structuralIndexes(bytes);
        const at = structural[pick % structural.length]!;
        const changed = remove
          ? Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)])
          : Buffer.concat([bytes.subarray(0, at + 1), bytes.subarray(at)]);
        expect(refused(changed, type)).toBe("refused");
      }),
      { numRuns: 500 },
    );
  });
});

/** Where `[`, `]`, `{`, `}`, `,` and `:` stand outside strings. */
function structuralIndexes(bytes: Buffer): number[] {
  const found: number[] = [];
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = String.fromCharCode(bytes[i]!);
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if ("[]{},:".includes(c)) {
      found.push(i);
    }
  }
  return found;
}
