// Unions as generated from fixtures/everything.thrift: { case, value }, evolvable (a
// member this program does not know reads as { case: undefined }), and at most one
// member on the wire.
import { Thrift, type TProtocol } from "thrift";
import { createReader } from "../core/reader";
import type { StructCodec } from "../core/definition";
import { createWriter } from "../core/writer";
import { DefaultsCodec, ShapeCodec, WordUnionCodec, type Shape } from "./fixtures/everything";
import { ReservedCodec, type Reserved } from "./fixtures/extended";
import { caught, protocols, roundTrip } from "./fixtures/round-trip";

const { Type, TProtocolExceptionType } = Thrift;
const { INVALID_DATA } = TProtocolExceptionType;

/** `fields` written as one struct by hand: what a newer (or a careless) writer sends. */
function struct(
  protocol: (typeof protocols)[number],
  fields: readonly (readonly [id: number, value: string])[],
): TProtocol {
  const writer = createWriter(protocol);
  const output = writer.protocol;
  output.writeMessageBegin("m", Thrift.MessageType.CALL, 0);
  output.writeStructBegin("S");
  for (const [id, value] of fields) {
    output.writeFieldBegin("f", Type.STRING, id);
    output.writeString(value);
    output.writeFieldEnd();
  }
  output.writeFieldStop();
  output.writeStructEnd();
  output.writeMessageEnd();
  const input = createReader(protocol, writer.toBuffer());
  input.readMessageBegin();
  return input;
}

function read<T>(codec: StructCodec<T>, input: TProtocol): T {
  const value = codec.read(input);
  input.readMessageEnd();
  return value;
}

describe.each(protocols)("reading over %s", (protocol) => {
  it("When the only member is one this program does not know Then the union reads as { case: undefined }", () => {
    expect(read(ShapeCodec, struct(protocol, [[9, "from a newer writer"]]))).toEqual({ case: undefined });
  });

  it("When no member is on the wire Then it reads as { case: undefined } (at most one may be)", () => {
    expect(read(ShapeCodec, struct(protocol, []))).toEqual({ case: undefined });
  });

  it("When a known member has another wire type Then it is skipped like an unknown one", () => {
    // WordUnion.count is an i32; a string under its id is not it.
    expect(read(WordUnionCodec, struct(protocol, [[2, "two"]]))).toEqual({ case: undefined });
    expect(read(WordUnionCodec, struct(protocol, [[1, "one"]]))).toEqual({ case: "value", value: "one" });
  });

  it("When two members are on the wire Then reading fails with INVALID_DATA, even if one is unknown", () => {
    for (const fields of [
      [
        [1, "a"],
        [3, "b"],
      ],
      [
        [1, "a"],
        [9, "b"],
      ],
    ] as const) {
      expect(caught(() => read(WordUnionCodec, struct(protocol, fields)))).toMatchObject({
        name: "TProtocolException",
        type: INVALID_DATA,
        message: "Union WordUnion has more than one field set",
      });
    }
  });

  it("When a struct holds a union of an unknown member Then the struct still reads, and the fields after it", () => {
    const writer = createWriter(protocol);
    const output = writer.protocol;
    output.writeMessageBegin("m", Thrift.MessageType.CALL, 0);
    output.writeStructBegin("Defaults");
    output.writeFieldBegin("shape", Type.STRUCT, 10);
    output.writeStructBegin("Shape");
    output.writeFieldBegin("ellipse", Type.LIST, 9);
    output.writeListBegin(Type.DOUBLE, 2);
    output.writeDouble(1);
    output.writeDouble(2);
    output.writeListEnd();
    output.writeFieldEnd();
    output.writeFieldStop();
    output.writeStructEnd();
    output.writeFieldEnd();
    output.writeFieldBegin("name", Type.STRING, 3);
    output.writeString("after");
    output.writeFieldEnd();
    output.writeFieldStop();
    output.writeStructEnd();
    output.writeMessageEnd();
    const input = createReader(protocol, writer.toBuffer());
    input.readMessageBegin();

    expect(read(DefaultsCodec, input)).toMatchObject({ shape: { case: undefined }, name: "after", count: 100 });
  });
});

describe.each(protocols)("writing over %s", (protocol) => {
  it.each<[string, Shape, string]>([
    [
      "a union read with an unknown member",
      { case: undefined },
      "Union Shape has no field set (case is undefined): a union read with a field this program does not know cannot be written back",
    ],
    [
      "a member without its value",
      { case: "radius", value: undefined } as unknown as Shape,
      'Union Shape has no value for field "radius"',
    ],
    [
      "a member the union does not have",
      { case: "ellipse", value: 1 } as unknown as Shape,
      'Union Shape has no value for field "ellipse"',
    ],
    [
      "a struct-like value",
      { radius: 1 } as unknown as Shape,
      "Union Shape has no field set (case is undefined): a union read with a field this program does not know cannot be written back",
    ],
  ])("When the value is %s Then writing fails before any byte", (_, value, message) => {
    const writer = createWriter(protocol);

    expect(caught(() => ShapeCodec.write(writer.protocol, value))).toMatchObject({ type: INVALID_DATA, message });
    expect(writer.toBuffer()).toEqual(Buffer.alloc(0));
  });

  it("writes each member and reads it back, whatever its name", () => {
    const values: Reserved[] = [
      { case: "case", value: "c" },
      { case: "value", value: 7 },
      { case: "default", value: "d" },
      { case: "class", value: true },
    ];

    for (const value of values) expect(roundTrip(ReservedCodec, value, protocol)).toEqual(value);
  });
});

describe("the bytes on the wire", () => {
  it("binary: the member's field alone, then STOP", () => {
    const writer = createWriter("binary");
    ShapeCodec.write(writer.protocol, { case: "radius", value: 1.5 });

    expect(writer.toBuffer()).toEqual(Buffer.from("04 0003 3ff8000000000000 00".replace(/\s/g, ""), "hex"));
  });
});
