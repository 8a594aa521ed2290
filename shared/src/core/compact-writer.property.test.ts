// The compact writer (writer.ts writes its bytes itself, without Apache's Buffers and
// node-int64s) over random types nested every way and random values of them: its bytes
// are Apache's TCompactProtocol's, but for the doubles Apache encodes wrongly, and they
// read back as sent. Doubles are IEEE 754 little-endian, every one of them.
import fc from "fast-check";
import { TCompactProtocol } from "thrift";
import { createReader } from "./reader";
import { MemoryTransport } from "./transport";
import { createWriter } from "./writer";
import {
  asSent,
  readMessage,
  thriftType,
  valueOfType,
  writeMessage,
  type ThriftType,
} from "./__fixtures__/thrift-values";

function ours(type: ThriftType, value: unknown): Buffer {
  const writer = createWriter("compact");
  writeMessage(writer.protocol, type, value);
  return writer.toBuffer();
}

function apache(type: ThriftType, value: unknown): Buffer {
  const transport = new MemoryTransport();
  writeMessage(new TCompactProtocol(transport), type, value);
  return transport.toBuffer();
}

/** Apache's eight bytes for `value`. */
function apacheDouble(value: number): Buffer {
  const transport = new MemoryTransport();
  new TCompactProtocol(transport).writeDouble(value);
  return transport.toBuffer();
}

const ieee = (value: number) => {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleLE(value);
  return bytes;
};

const runs = { numRuns: 1000 };

describe("the compact writer over random types and values", () => {
  it("writes Apache's bytes, wherever Apache writes its doubles right", () => {
    // Apache's uuid writer takes RFC 4122 uuids only (writer.ts writes any 128 bits).
    const double = fc.double().filter((d) => apacheDouble(d).equals(ieee(d)));
    const typed = thriftType()
      .filter((type) => !JSON.stringify(type).includes('"uuid"'))
      .chain((type) => fc.tuple(fc.constant(type), valueOfType(type, { double })));
    fc.assert(
      fc.property(typed, ([type, value]) => {
        expect(ours(type, value).toString("hex")).toBe(apache(type, value).toString("hex"));
      }),
      runs,
    );
  });

  it("writes what our reader reads back as sent, every double included", () => {
    const typed = thriftType().chain((type) => fc.tuple(fc.constant(type), valueOfType(type)));
    fc.assert(
      fc.property(typed, ([type, value]) => {
        expect(readMessage(createReader("compact", ours(type, value)), type)).toEqual(asSent(type, value));
      }),
      runs,
    );
  });

  it("writes every double as its IEEE 754 bits, little-endian", () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        const writer = createWriter("compact");
        writer.protocol.writeDouble(value);
        expect(writer.toBuffer()).toEqual(ieee(value));
      }),
      runs,
    );
  });

  it.each([
    ["-0", -0],
    ["2^-29", 2 ** -29],
    ["2^-1021", 2 ** -1021],
  ])("When %s is written Then it is that double, which Apache's writer gets wrong", (_, value) => {
    const writer = createWriter("compact");
    writer.protocol.writeDouble(value);
    expect(writer.toBuffer()).toEqual(ieee(value));
    expect(apacheDouble(value)).not.toEqual(ieee(value));
  });
});
