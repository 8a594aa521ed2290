// createWriter: output identical to Apache's protocols, failures alike on bad values, and
// a buffer of its own for every writer.
import { Thrift, TBinaryProtocol, type TProtocol } from "thrift";
import { MemoryTransport } from "./transport";
import { createWriter } from "./writer";

const { Type } = Thrift;

/** Writes one value of every kind, some out of their type's range. */
function writeEverything(output: TProtocol): void {
  output.writeMessageBegin("méthode", Thrift.MessageType.REPLY, -7);
  output.writeStructBegin("s");
  output.writeFieldBegin("b", Type.BOOL, 1);
  output.writeBool(true);
  output.writeFieldBegin("i8", Type.BYTE, 2);
  output.writeByte(200);
  output.writeFieldBegin("i16", Type.I16, -3);
  output.writeI16(70_000);
  output.writeFieldBegin("i32", Type.I32, 4);
  output.writeI32(-2);
  output.writeI32(2 ** 32 + 5);
  output.writeFieldBegin("i64", Type.I64, 5);
  output.writeI64(-1);
  output.writeFieldBegin("d", Type.DOUBLE, 6);
  output.writeDouble(-1.5);
  output.writeFieldBegin("s", Type.STRING, 7);
  output.writeString("日本");
  output.writeBinary(Buffer.from([0, 255]));
  output.writeString(Buffer.from("raw") as unknown as string);
  output.writeListBegin(Type.STRING, 300);
  output.writeString("x".repeat(300));
  output.writeFieldStop();
  output.writeStructEnd();
  output.writeMessageEnd();
}

describe("createWriter", () => {
  it("writes binary exactly as Apache's TBinaryProtocol, wrapping out-of-range values alike", () => {
    const writer = createWriter("binary");
    writeEverything(writer.protocol);
    const apache = new MemoryTransport();
    writeEverything(new TBinaryProtocol(apache));
    expect(writer.toBuffer()).toEqual(apache.toBuffer());
  });

  it("When a string field holds another type Then it fails like Apache's", () => {
    expect(() => createWriter("binary").protocol.writeString(42 as unknown as string)).toThrow(
      "writeString called without a string/Buffer argument: 42",
    );
  });

  it("gives every writer its own buffer", () => {
    const first = createWriter("binary");
    first.protocol.writeI32(1);
    const second = createWriter("binary");
    second.protocol.writeI32(2);
    expect([first.toBuffer(), second.toBuffer()]).toEqual([Buffer.from([0, 0, 0, 1]), Buffer.from([0, 0, 0, 2])]);
  });
});
