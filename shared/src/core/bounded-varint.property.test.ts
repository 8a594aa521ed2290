// The compact protocol's numbers (bounded.ts reads its varints in plain numbers, without
// Apache's node-int64 per value, and its doubles with readDoubleLE) against Apache's own
// TCompactProtocol on the same bytes: any bytes at all, well-formed or not, give the same
// value or the same failure, for an i16, an i32, an i64, a double, a string's length and
// a list's size. And an i64 read straight as a bigint, in any protocol, is the value
// written.
import fc from "fast-check";
import { Int64, TBinaryProtocol, TCompactProtocol, Thrift, fromBigInt, toBigInt, type TProtocol } from "thrift";
import { readI64 } from "./codec";
import { createReader } from "./reader";
import { createWriter } from "./writer";
import { MemoryTransport } from "./transport";
import { thrown } from "./__fixtures__/thrown";

const { TProtocolExceptionType: Problem } = Thrift;

/** What a read gives: its value (a bigint for an i64) or the failure's class, type and message. */
function outcome(read: () => unknown): unknown {
  try {
    const value = read();
    return { value: value instanceof Int64 ? toBigInt(value) : value };
  } catch (error) {
    const { name, message, type } = error as { name: string; message: string; type?: number };
    return { name, message, type };
  }
}

const apache = (bytes: Uint8Array): TProtocol => new TCompactProtocol(new MemoryTransport(Buffer.from(bytes)));
const ours = (bytes: Uint8Array): TProtocol => createReader("compact", Buffer.from(bytes), {});

// Varints of every length up to and past Apache's 10-byte limit, runs of continuation
// bytes, and a tail, so that both the value and what is left matter.
const varintBytes = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 14 }),
  fc
    .tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 0x7f }), fc.uint8Array({ maxLength: 3 }))
    .map(([continued, last, tail]) => new Uint8Array([...Array(continued).fill(0xff), last, ...tail])),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => {
    const writer = createWriter("compact");
    writer.protocol.writeI64(fromBigInt(value));
    return new Uint8Array(writer.toBuffer());
  }),
);

describe("The compact protocol's varints, read without node-int64", () => {
  const reads: [string, (p: TProtocol) => unknown][] = [
    ["an i16", (p) => p.readI16()],
    ["an i32", (p) => p.readI32()],
    ["an i64", (p) => p.readI64()],
    ["an i64 as codecs read it", (p) => readI64(p)],
  ];

  it.each(reads)("When any bytes are read as %s Then the value or failure is Apache's", (_, read) => {
    fc.assert(
      fc.property(varintBytes, (bytes) => {
        expect(outcome(() => read(ours(bytes)))).toEqual(outcome(() => read(apache(bytes))));
      }),
      { numRuns: 3000 },
    );
  });

  // A size is bounded here before anything is read for it (bounded.test.ts): where Apache
  // reads one, ours is the same or refused as SIZE_LIMIT; where Apache fails, ours fails. A
  // message header holds one too, its name's: [0x82, 0x21, 0, 1] is a name of one byte
  // with none left, which Apache finds by running out and ours before reading.
  it.each<[string, (p: TProtocol) => unknown]>([
    ["a list header", (p) => p.readListBegin()],
    ["a map header", (p) => p.readMapBegin()],
    ["a message header", (p) => p.readMessageBegin()],
  ])("When any bytes are read as %s Then it is Apache's, or refused by the bounds", (_, read) => {
    fc.assert(
      fc.property(varintBytes, (bytes) => {
        const expected = outcome(() => read(apache(bytes))) as { value?: unknown };
        const actual = outcome(() => read(ours(bytes))) as { value?: unknown; type?: number };
        if (!("value" in expected)) return expect("value" in actual).toBe(false);
        if (!("value" in actual)) return expect(actual.type).toBe(Problem.SIZE_LIMIT);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("When a string's length is any varint Then it is Apache's length, or refused by the bounds", () => {
    fc.assert(
      fc.property(varintBytes, (bytes) => {
        const length = outcome(() => (apache(bytes) as unknown as { readVarint32(): number }).readVarint32());
        const read = outcome(() => ours(bytes).readBinary()) as { value?: Buffer; type?: number };
        if (!("value" in (length as object))) return expect(read).toEqual(length);
        const value = (length as { value: number }).value;
        if (read.value !== undefined) return expect(read.value.length).toBe(value);
        expect(read.type).toBe(value < 0 ? Problem.NEGATIVE_SIZE : Problem.SIZE_LIMIT);
        expect(value).not.toBe(0);
      }),
      { numRuns: 3000 },
    );
  });

  it("When any bytes are read as a double Then the value or failure is Apache's", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 10 }), (bytes) => {
        const expected = outcome(() => apache(bytes).readDouble()) as { value?: number };
        const actual = outcome(() => ours(bytes).readDouble()) as { value?: number };
        // Any NaN is NaN (Apache's makes its own).
        if (Number.isNaN(expected.value)) return expect(Number.isNaN(actual.value)).toBe(true);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("When a varint runs past 10 bytes Then INVALID_DATA, as Apache says", () => {
    const bytes = Buffer.from([...Array(10).fill(0x80), 0x01]);
    expect(thrown(() => ours(bytes).readI64())).toMatchObject({
      type: Problem.INVALID_DATA,
      message: "Variable-length int over 10 bytes.",
    });
  });

  it("When a message's name is longer than what is left Then SIZE_LIMIT, where Apache runs out", () => {
    const bytes = Uint8Array.from([0x82, 0x21, 0, 1]);
    expect(outcome(() => apache(bytes).readMessageBegin())).toMatchObject({ name: "InputBufferUnderrunError" });
    expect(thrown(() => ours(bytes).readMessageBegin())).toMatchObject({ type: Problem.SIZE_LIMIT });
  });
});

describe("An i64 read straight as a bigint", () => {
  it.each(["binary", "compact", "json"] as const)(
    "When any i64 is written in %s Then it reads back the same",
    (protocol) => {
      fc.assert(
        fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (value) => {
          const writer = createWriter(protocol);
          const output = writer.protocol;
          output.writeMessageBegin("m", Thrift.MessageType.CALL, 1);
          output.writeStructBegin("args");
          output.writeFieldBegin("x", Thrift.Type.I64, 1);
          output.writeI64(fromBigInt(value));
          output.writeFieldEnd();
          output.writeFieldStop();
          output.writeStructEnd();
          output.writeMessageEnd();
          const input = createReader(protocol, writer.toBuffer(), {});
          input.readMessageBegin();
          input.readStructBegin();
          input.readFieldBegin();
          expect(readI64(input)).toBe(value);
        }),
        { numRuns: 500 },
      );
    },
  );

  it("When Apache's binary protocol reads the same bytes Then its Int64 holds that value", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (value) => {
        const bytes = Buffer.alloc(8);
        bytes.writeBigInt64BE(value);
        expect(readI64(createReader("binary", bytes, {}))).toBe(value);
        expect(toBigInt(new TBinaryProtocol(new MemoryTransport(bytes)).readI64())).toBe(value);
      }),
      { numRuns: 500 },
    );
  });
});
