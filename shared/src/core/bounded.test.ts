// The bounded reader: hostile lengths, depths and container sizes fail with the right
// TProtocolException before anything is allocated for them.
import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { Thrift } from "thrift";
import { createReader } from "./reader";
import { resolveDecodeLimits } from "./limits";
import type { ProtocolName } from "./protocols";
import { createWriter } from "./writer";
import { thrown } from "./__fixtures__/thrown";

const { Type, TProtocolExceptionType: Problem } = Thrift;

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ""), "hex");
const binary = (text: string, limits = {}) => createReader("binary", hex(text), limits);

/** A binary struct holding `depth` nested lists of one struct each, as field 1. */
function nestedLists(depth: number): Buffer {
  return Buffer.concat([hex("0f 0001"), ...Array(depth - 1).fill(hex("0f 00000001")), hex("08 00000000"), hex("00")]);
}

describe("createReader", () => {
  describe("strings and binaries", () => {
    it("When a length is negative Then NEGATIVE_SIZE", () => {
      expect(thrown(() => binary("ffffffff").readString())).toMatchObject({
        type: Problem.NEGATIVE_SIZE,
        message: "Negative string size -1",
      });
    });

    it("When a length is beyond the bytes left Then SIZE_LIMIT, before allocating", () => {
      expect(thrown(() => binary("0000ffff 6162").readBinary())).toMatchObject({
        type: Problem.SIZE_LIMIT,
        message: "String size 65535 exceeds the 2 bytes left",
      });
    });

    it("When a length is beyond maxStringBytes Then SIZE_LIMIT", () => {
      expect(thrown(() => binary("00000003 616263", { maxStringBytes: 2 }).readString())).toMatchObject({
        type: Problem.SIZE_LIMIT,
        message: "String size 3 exceeds the limit of 2 bytes",
      });
    });

    it("When a length fits Then the value is read", () => {
      const reader = binary("00000002 6869 00000002 0102", { maxStringBytes: 2 });
      expect([reader.readString(), reader.readBinary()]).toEqual(["hi", Buffer.from([1, 2])]);
    });

    it.each([
      ["a lone continuation byte", "ff"],
      ["a truncated sequence", "e282"],
      ["an overlong encoding", "c0af"],
      ["a UTF-16 surrogate", "eda080"],
    ])("When a string holds %s Then INVALID_DATA, in binary and compact alike", (_what, bytes) => {
      const length = bytes.length / 2 + 2;
      const expected = { type: Problem.INVALID_DATA, message: "Invalid UTF-8 in the string at byte 4" };
      expect(thrown(() => binary(`${length.toString(16).padStart(8, "0")} 6b2d ${bytes}`).readString())).toMatchObject(
        expected,
      );
      // Compact: a one-byte length, so the string starts at byte 1.
      const compact = createReader("compact", hex(`${length.toString(16).padStart(2, "0")} 6b2d ${bytes}`));
      expect(thrown(() => compact.readString())).toMatchObject({
        ...expected,
        message: expected.message.replace("4", "1"),
      });
    });

    it("When a string is any bytes at all Then it reads as their UTF-8 text if they are UTF-8, else INVALID_DATA", () => {
      // Bytes near UTF-8's edges: ASCII, lead and continuation bytes, surrogates' and U+FFFD's.
      const byte = fc.oneof(
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xef, 0xf4),
      );
      const text = fc.oneof(
        fc.uint8Array(),
        fc.array(byte).map((bytes) => Uint8Array.from(bytes)),
      );
      const utf8 = fc.string({ unit: "binary" }).map((s) => new Uint8Array(Buffer.from(s)));
      fc.assert(
        fc.property(
          fc.oneof(text, utf8),
          fc.constantFrom("binary", "compact") as fc.Arbitrary<"binary" | "compact">,
          (bytes, protocol) => {
            const value = Buffer.from(bytes);
            const writer = createWriter(protocol);
            writer.protocol.writeBinary(value);
            const read = () => createReader(protocol, writer.toBuffer()).readString();
            if (isUtf8(value)) expect(read()).toBe(value.toString("utf8"));
            else expect(thrown(read)).toMatchObject({ type: Problem.INVALID_DATA });
          },
        ),
        { numRuns: 2000 },
      );
    });

    it("When a string holds U+FFFD itself, or any other character, Then it is read as sent", () => {
      const text = "k-\uFFFD-é-€-😀";
      const bytes = Buffer.from(text);
      const reader = createReader("binary", Buffer.concat([hex(bytes.length.toString(16).padStart(8, "0")), bytes]));
      expect(reader.readString()).toBe(text);
    });

    it("When a compact length is beyond the bytes left Then SIZE_LIMIT", () => {
      expect(thrown(() => createReader("compact", hex("ffffffff07")).readString())).toMatchObject({
        type: Problem.SIZE_LIMIT,
      });
    });
  });

  describe("containers", () => {
    it("When a size is negative Then NEGATIVE_SIZE", () => {
      expect(thrown(() => binary("08 ffffffff").readListBegin())).toMatchObject({ type: Problem.NEGATIVE_SIZE });
    });

    it("When a size is beyond maxContainerSize Then SIZE_LIMIT", () => {
      expect(
        thrown(() => binary("08 00000003 00000000 00000000 00000000", { maxContainerSize: 2 }).readSetBegin()),
      ).toMatchObject({
        type: Problem.SIZE_LIMIT,
        message: "Container size 3 exceeds the limit of 2",
      });
    });

    it("When a list claims more elements than bytes left Then SIZE_LIMIT", () => {
      expect(thrown(() => binary("03 00000003 0102").readListBegin())).toMatchObject({
        type: Problem.SIZE_LIMIT,
        message: "Container size 3 exceeds what the rest of the message can hold",
      });
    });

    it("When a map claims more entries than pairs of bytes left Then SIZE_LIMIT", () => {
      expect(thrown(() => binary("03 03 00000002 010203").readMapBegin())).toMatchObject({ type: Problem.SIZE_LIMIT });
      expect(binary("03 03 00000002 01020304").readMapBegin()).toEqual({ ktype: Type.BYTE, vtype: Type.BYTE, size: 2 });
    });

    it("When the containers of a message together claim more elements than its length Then SIZE_LIMIT", () => {
      const message = (size: number) => `[1,"m",1,0,{"1":{"lst":["lst",3,["i8",${size}]]}}]`;
      // The inner size alone fits in the message; with the outer one it does not.
      const json = createReader("json", Buffer.from(message(message(99).length - 2)));
      json.readMessageBegin();
      json.readStructBegin();
      json.readFieldBegin();
      json.readListBegin();
      expect(thrown(() => json.readListBegin())).toMatchObject({ type: Problem.SIZE_LIMIT });
    });
  });

  describe("skip", () => {
    it.each([
      ["STOP", Type.STOP],
      ["VOID", Type.VOID],
      ["an unknown type", 99],
    ])("When the type is %s Then INVALID_DATA", (_, type) => {
      expect(thrown(() => binary("00000000").skip(type))).toMatchObject({
        type: Problem.INVALID_DATA,
        message: `Cannot skip a value of type ${type}`,
      });
    });

    it("When a list of 2^31 STOP is skipped Then it fails at once", () => {
      expect(thrown(() => binary("00 7fffffff").skip(Type.LIST))).toMatchObject({ type: Problem.SIZE_LIMIT });
    });

    it("When a list element has an invalid type Then INVALID_DATA", () => {
      expect(thrown(() => binary("00 00000001 00").skip(Type.LIST))).toMatchObject({ type: Problem.INVALID_DATA });
    });

    it("skips every kind of value and stops at the end of the struct", () => {
      const reader = binary(`
        02 0001 01            08 0002 00000007         0a 0003 0000000000000001
        04 0004 3ff0000000000000  0b 0005 00000002 6869
        0d 0006 08 0b 00000001 00000001 00000001 61
        0e 0007 03 00000002 0102   0c 0008 00   00 ff`);
      reader.skip(Type.STRUCT);
      expect(reader.readByte()).toBe(-1);
    });

    // A `binary` field a newer IDL added shares STRING's type id: its bytes are no text.
    it.each(["binary", "compact"] as const)(
      "When an unknown %s STRING value holds bytes that are not UTF-8, alone, in a struct and in a list Then it is skipped",
      (protocol) => {
        const bytes = Buffer.from([0xff, 0xfe, 0x00, 0xc0]);
        const writer = createWriter(protocol);
        const out = writer.protocol;
        out.writeBinary(bytes);
        out.writeStructBegin("S");
        out.writeFieldBegin("b", Type.STRING, 1);
        out.writeBinary(bytes);
        out.writeFieldEnd();
        out.writeFieldStop();
        out.writeStructEnd();
        out.writeListBegin(Type.STRING, 2);
        out.writeBinary(bytes);
        out.writeBinary(Buffer.alloc(0));
        out.writeListEnd();
        out.writeByte(7);
        const reader = createReader(protocol, writer.toBuffer(), {});
        reader.skip(Type.STRING);
        reader.skip(Type.STRUCT);
        reader.skip(Type.LIST);
        expect(reader.readByte()).toBe(7);
      },
    );
  });

  describe("nesting", () => {
    it("When structs and containers nest maxDepth deep Then they are read", () => {
      expect(() => binary(nestedLists(63).toString("hex")).skip(Type.STRUCT)).not.toThrow();
    });

    it("When they nest deeper than maxDepth Then DEPTH_LIMIT", () => {
      expect(thrown(() => binary(nestedLists(64).toString("hex")).skip(Type.STRUCT))).toMatchObject({
        type: Problem.DEPTH_LIMIT,
        message: "Nesting deeper than 64 levels",
      });
      expect(thrown(() => binary(nestedLists(3).toString("hex"), { maxDepth: 3 }).skip(Type.STRUCT))).toMatchObject({
        type: Problem.DEPTH_LIMIT,
      });
    });
  });

  it.each<ProtocolName>(["binary", "compact", "json"])(
    "reads what the %s writer wrote, bools in lists included",
    (protocol) => {
      const writer = createWriter(protocol);
      const out = writer.protocol;
      out.writeMessageBegin("m", Thrift.MessageType.CALL, 3);
      out.writeStructBegin("s");
      out.writeFieldBegin("flags", Type.LIST, 1);
      out.writeListBegin(Type.BOOL, 2);
      out.writeBool(true);
      out.writeBool(false);
      out.writeListEnd();
      out.writeFieldEnd();
      out.writeFieldBegin("name", Type.STRING, 2);
      out.writeString("näme");
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
      out.writeMessageEnd();

      const input = createReader(protocol, writer.toBuffer());
      const read: unknown[] = [input.readMessageBegin(), input.readStructBegin()];
      read.push(input.readFieldBegin().fid, input.readListBegin().size, input.readBool(), input.readBool());
      input.readListEnd();
      input.readFieldEnd();
      read.push(input.readFieldBegin().fid, input.readString());
      input.readFieldEnd();
      read.push(input.readFieldBegin().ftype);
      expect(read).toEqual([
        { fname: "m", mtype: Thrift.MessageType.CALL, rseqid: 3 },
        { fname: "" },
        1,
        2,
        true,
        false,
        2,
        "näme",
        Type.STOP,
      ]);
    },
  );
});

describe("resolveDecodeLimits", () => {
  it("fills in the defaults", () => {
    expect(resolveDecodeLimits({ maxDepth: 8 })).toEqual({
      maxDepth: 8,
      maxStringBytes: 16_384_000,
      maxContainerSize: 1_000_000,
    });
  });

  it("When a limit is not a positive integer Then it throws", () => {
    expect(() => resolveDecodeLimits({ maxStringBytes: 0 })).toThrow(
      "Decode limit maxStringBytes must be a positive integer, got 0",
    );
  });
});
