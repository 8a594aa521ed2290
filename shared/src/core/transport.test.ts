// MemoryTransport, the reader's view of a request body: bounds-checked big-endian reads
// that copy what they return.
import { InputBufferUnderrunError } from "thrift";
import { MemoryTransport } from "./transport";
import { thrown } from "./__fixtures__/thrown";

describe("MemoryTransport", () => {
  it("reads big-endian values and counts what remains", () => {
    const transport = new MemoryTransport(Buffer.from("ff00017fffffff02616263", "hex"));
    expect([transport.readByte(), transport.readI16(), transport.readI32(), transport.remaining()]).toEqual([
      -1, 1, 0x7fffffff, 4,
    ]);
    expect([transport.readByte(), transport.readString(3), transport.remaining()]).toEqual([2, "abc", 0]);
  });

  it("When a read goes past the end Then it throws InputBufferUnderrunError and does not advance", () => {
    const transport = new MemoryTransport(Buffer.from([1, 2, 3]));
    expect(thrown(() => transport.readI32())).toBeInstanceOf(InputBufferUnderrunError);
    expect(thrown(() => transport.read(-1))).toBeInstanceOf(InputBufferUnderrunError);
    expect(thrown(() => transport.consume(4))).toBeInstanceOf(InputBufferUnderrunError);
    expect(transport.remaining()).toBe(3);
  });

  it("When bytes are read Then they are a copy, not a view of the input", () => {
    const input = Buffer.from([1, 2, 3]);
    const read = new MemoryTransport(input).read(2);
    input[0] = 9;
    expect(read).toEqual(Buffer.from([1, 2]));
  });

  it("collects what is written, growing as needed", () => {
    const transport = new MemoryTransport();
    transport.write(Buffer.from([1]));
    transport.write("é");
    transport.writeI16(-2);
    transport.write(Buffer.alloc(1000, 7));
    expect(transport.toBuffer()).toEqual(
      Buffer.concat([Buffer.from([1, 0xc3, 0xa9, 0xff, 0xfe]), Buffer.alloc(1000, 7)]),
    );
  });
});
