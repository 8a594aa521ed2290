// The JSON protocol over the whole value space (fast-check): random types nested every
// way and random values of them, strings with control characters and lone surrogates
// included. What is written is JSON, reads back as sent in our reader and in Apache's
// stock TJSONProtocol, and is Apache's bytes wherever Apache's writer is right.
import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { Thrift, TJSONProtocol } from "thrift";
import { createReader } from "./reader";
import { methods } from "./__fixtures__/calc";
import { decodeReply, encodeApplicationException } from "./message";
import { MemoryTransport } from "./transport";
import { createWriter } from "./writer";
import {
  anyChar,
  asSent,
  readMessage,
  thriftType,
  valueOfType,
  wellFormed,
  writeMessage,
  type ThriftType,
  type ValueOptions,
} from "./__fixtures__/thrift-values";
import type { ProtocolName } from "./protocols";

function write(protocol: ProtocolName, type: ThriftType, value: unknown): Buffer {
  const writer = createWriter(protocol);
  writeMessage(writer.protocol, type, value);
  return writer.toBuffer();
}

const read = (protocol: ProtocolName, type: ThriftType, bytes: Buffer) =>
  readMessage(createReader(protocol, bytes), type);

const apacheWrite = (type: ThriftType, value: unknown): Buffer => {
  const transport = new MemoryTransport();
  writeMessage(new TJSONProtocol(transport), type, value);
  return transport.toBuffer();
};

const apacheRead = (type: ThriftType, bytes: Buffer) =>
  readMessage(new TJSONProtocol(new MemoryTransport(bytes)), type);

/** A random type and a random value of it. */
const typedValue = (options: ValueOptions = {}) =>
  thriftType().chain((type) => fc.tuple(fc.constant(type), valueOfType(type, options)));

const runs = { numRuns: 1000 };
const { TApplicationExceptionType: App } = Thrift;

/**
 * The values Apache's Node writer writes as valid JSON: not control characters other
 * than \b \f \n \r \t (written raw), NaN or infinities (written bare), -0 (written
 * as 0), nor negative i64 above -10^11 (padded with zeros: -000000000001).
 */
const apacheWritesRight: ValueOptions = {
  char: anyChar.filter((c) => c >= " " || "\b\f\n\r\t".includes(c)),
  double: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  i64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).filter((n) => n >= 0n || n <= -(10n ** 11n)),
};

describe("the JSON protocol over random types and values", () => {
  it("writes valid UTF-8 JSON, which our reader reads back as sent", () => {
    fc.assert(
      fc.property(typedValue(), ([type, value]) => {
        const bytes = write("json", type, value);
        expect(isUtf8(bytes)).toBe(true);
        expect(() => JSON.parse(bytes.toString())).not.toThrow();
        expect(read("json", type, bytes)).toEqual(asSent(type, value));
      }),
      runs,
    );
  });

  it("writes what Apache's stock TJSONProtocol reads back as sent", () => {
    // Apache's reader cannot read an empty container inside another, takes field id
    // -1 for the end of a struct, and its JSON parser takes a "__proto__" key for the
    // object's prototype: all three left out.
    const options = { noEmptyNested: true, excludedKeys: ["__proto__"] };
    const fieldId = fc.integer({ min: -32768, max: 32767 }).filter((id) => id !== -1);
    const typed = thriftType(3, fieldId).chain((type) => fc.tuple(fc.constant(type), valueOfType(type, options)));
    fc.assert(
      fc.property(typed, ([type, value]) => {
        expect(apacheRead(type, write("json", type, value))).toEqual(asSent(type, value));
      }),
      runs,
    );
  });

  it("writes Apache's exact bytes wherever Apache's writer writes valid JSON that reads back", () => {
    fc.assert(
      fc.property(typedValue(apacheWritesRight), ([type, value]) => {
        expect(write("json", type, value).toString("latin1")).toBe(apacheWrite(type, value).toString("latin1"));
      }),
      runs,
    );
  });

  it("reads what Apache's writer writes, negative i64 padded with zeros and raw control characters included", () => {
    fc.assert(
      fc.property(typedValue({ ...apacheWritesRight, i64: undefined, char: undefined }), ([type, value]) => {
        expect(read("json", type, apacheWrite(type, value))).toEqual(asSent(type, value));
      }),
      runs,
    );
  });

  it("sends a lone surrogate as U+FFFD, as the binary and compact protocols do", () => {
    const type = { kind: "string" } as const;
    fc.assert(
      fc.property(fc.string({ unit: anyChar }), (text) => {
        const read3 = (["binary", "compact", "json"] as const).map((p) => read(p, type, write(p, type, text)));
        expect(read3).toEqual([wellFormed(text), wellFormed(text), wellFormed(text)]);
      }),
      runs,
    );
  });

  it("accepts exactly the UUIDs the binary protocol can write", () => {
    const type = { kind: "uuid" } as const;
    const hex = fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF"), minLength: 32, maxLength: 32 });
    const uuidLike = hex.map(
      (h) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
    );
    const accepted = (protocol: ProtocolName, text: string) => {
      try {
        write(protocol, type, text);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(fc.oneof(uuidLike, fc.uuid(), fc.string()), (text) => {
        expect(accepted("json", text)).toBe(accepted("binary", text));
      }),
      runs,
    );
  });
});

describe("TApplicationException replies", () => {
  it("are JSON whatever the method name and message hold, and read back as sent", () => {
    const method = { ...methods.add };
    fc.assert(
      fc.property(fc.string({ unit: anyChar }), fc.string({ unit: anyChar }), (name, message) => {
        const bytes = encodeApplicationException(name, 3, App.UNKNOWN_METHOD, message, "json");
        expect(() => JSON.parse(bytes.toString())).not.toThrow();
        expect(decodeReply({ ...method, name: wellFormed(name) }, bytes, "json")).toEqual({
          kind: "application",
          type: App.UNKNOWN_METHOD,
          message: wellFormed(message),
        });
      }),
      runs,
    );
  });
});

describe("values outside their type", () => {
  it("wraps an out-of-range i8, i16 or i32 as the binary writer does", () => {
    const values = [200, 70_000, 2 ** 32 + 5, 1.9, -1.9, NaN];
    const types = [{ kind: "i8" }, { kind: "i16" }, { kind: "i32" }] as const;
    for (const type of types) {
      for (const value of values) {
        expect(read("json", type, write("json", type, value))).toBe(read("binary", type, write("binary", type, value)));
      }
    }
  });

  it("When a map's keys are structs or containers Then writing throws: JSON keys are strings", () => {
    const type = { kind: "map", key: { kind: "list", element: { kind: "i32" } }, value: { kind: "i32" } };
    expect(() => write("json", type as unknown as ThriftType, new Map([[[1], 1]]))).toThrow(
      "TJSON cannot write a map whose keys are lists: JSON keys are strings (binary and compact can)",
    );
  });

  it("When a UUID is not in canonical form Then writing throws, as in the other protocols", () => {
    expect(() => write("json", { kind: "uuid" }, "not-a-uuid")).toThrow('Not a uuid: "not-a-uuid"');
    expect(() => write("binary", { kind: "uuid" }, "not-a-uuid")).toThrow();
  });
});

describe("the bytes of specific values", () => {
  const message = (fields: string) => `[1,"m",1,1,{"1":${fields}}]`;

  it.each([
    [
      "a string with every C0 control",
      { kind: "string" },
      "\u0000\u0001\b\t\n\u000b\f\r\u001f",
      '{"str":"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f"}',
    ],
    ["a string with quotes, backslashes and slashes", { kind: "string" }, '"\\/', '{"str":"\\"\\\\/"}'],
    ["a string with DEL, C1 and U+2028", { kind: "string" }, "\u007f\u0085\u2028", '{"str":"\u007f\u0085\u2028"}'],
    ["a lone surrogate", { kind: "string" }, "a\ud800b", '{"str":"a\ufffdb"}'],
    ["NaN", { kind: "double" }, NaN, '{"dbl":"NaN"}'],
    ["-Infinity", { kind: "double" }, -Infinity, '{"dbl":"-Infinity"}'],
    ["-0", { kind: "double" }, -0, '{"dbl":-0}'],
    [
      "a double map key",
      { kind: "map", key: { kind: "double" }, value: { kind: "bool" } },
      new Map([
        [NaN, true],
        [1.5, false],
      ]),
      '{"map":["dbl","tf",2,{"NaN":1,"1.5":0}]}',
    ],
    ["an i64 beyond 2^53", { kind: "i64" }, 2n ** 53n + 1n, '{"i64":9007199254740993}'],
    ["binary", { kind: "binary" }, Buffer.from([0xfb, 0xff]), '{"str":"+/8="}'],
  ] as const)("writes %s as JSON", (_case, type, value, field) => {
    expect(write("json", type as ThriftType, value).toString()).toBe(message(field));
  });

  it("escapes a method name like any string", () => {
    const writer = createWriter("json");
    writer.protocol.writeMessageBegin('a"b\u0000', 3, 7);
    writer.protocol.writeStructBegin("s");
    writer.protocol.writeStructEnd();
    writer.protocol.writeMessageEnd();
    expect(writer.toBuffer().toString()).toBe('[1,"a\\"b\\u0000",3,7,{}]');
  });

  it("When it is asked to read Then it throws", () => {
    expect(() => createWriter("json").protocol.readI32()).toThrow("JsonWriter only writes");
  });

  it("writes Apache's bytes for a reply of every kind of field", () => {
    const type: ThriftType = {
      kind: "struct",
      fields: [
        { id: 1, type: { kind: "list", element: { kind: "set", element: { kind: "bool" } } } },
        {
          id: -2,
          type: {
            kind: "map",
            key: { kind: "i64" },
            value: { kind: "struct", fields: [{ id: 3, type: { kind: "uuid" } }] },
          },
        },
      ],
    };
    const value = { 1: [new Set([true, false])], [-2]: new Map([[5n, { 3: "00112233-4455-6677-8899-aabbccddeeff" }]]) };
    expect(write("json", type, value).toString()).toBe(apacheWrite(type, value).toString());
    expect(write("json", type, value).toString()).toBe(
      '[1,"m",1,1,{"1":{"rec":{"1":{"lst":["set",1,["tf",2,1,0]]},"-2":{"map":["i64","rec",1,{"5":{"3":{"uid":"00112233-4455-6677-8899-aabbccddeeff"}}}]}}}}]',
    );
  });
});
