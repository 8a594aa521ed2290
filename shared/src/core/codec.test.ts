// The runtime's codec helpers: i64 as bigint, containers of checked wire types (compared
// by value where keys are structs), the error of an unwritable union, and summaries.
import { Thrift, type TProtocol } from "thrift";
import {
  readI64,
  readList,
  readMap,
  readSet,
  readThriftMap,
  readThriftSet,
  summarize,
  unionError,
  writeI64,
  writeList,
  writeMap,
  writeSet,
  writeThriftMap,
  writeThriftSet,
} from "./codec";
import { ThriftMap, ThriftSet } from "./keyed";
import { createReader } from "./reader";
import { createWriter } from "./writer";

const { Type, TProtocolExceptionType: Problem } = Thrift;
const hex = (text: string) => Buffer.from(text.replace(/\s/g, ""), "hex");
const binary = (text: string) => createReader("binary", hex(text));

function written(write: (output: TProtocol) => void): Buffer {
  const writer = createWriter("binary");
  write(writer.protocol);
  return writer.toBuffer();
}

const ignore = () => {};

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, none was thrown");
}

describe("i64", () => {
  it("reads the full signed 64-bit range as bigint", () => {
    expect(readI64(binary("8000000000000000"))).toBe(-(2n ** 63n));
    expect(readI64(binary("7fffffffffffffff"))).toBe(2n ** 63n - 1n);
  });

  it("When a value does not fit in 64 bits Then writing fails instead of wrapping", () => {
    expect(caught(() => written((output) => writeI64(output, 2n ** 63n)))).toMatchObject({
      name: "TProtocolException",
      type: Problem.INVALID_DATA,
      message: "Not an i64: 9223372036854775808",
    });
  });

  it("When the value is a number Then writing fails: only bigint is exact", () => {
    expect(caught(() => written((output) => writeI64(output, 5 as unknown as bigint)))).toMatchObject({
      type: Problem.INVALID_DATA,
      message: "Not an i64: 5",
    });
  });
});

describe("containers", () => {
  it("writes and reads back each kind", () => {
    const bytes = written((output) => {
      writeList(output, Type.I32, [1, 2], (item) => output.writeI32(item));
      writeSet(output, Type.STRING, new Set(["a"]), (item) => output.writeString(item));
      writeMap(
        output,
        Type.I64,
        Type.BOOL,
        new Map([[7n, true]]),
        (key) => writeI64(output, key),
        (item) => output.writeBool(item),
      );
    });
    const input = createReader("binary", bytes);

    expect(readList(input, Type.I32, () => input.readI32())).toEqual([1, 2]);
    expect(readSet(input, Type.STRING, () => input.readString())).toEqual(new Set(["a"]));
    expect(
      readMap(
        input,
        Type.I64,
        Type.BOOL,
        () => readI64(input),
        () => input.readBool(),
      ),
    ).toEqual(new Map([[7n, true]]));
  });

  it("When the elements are of another type Then reading fails before misreading them", () => {
    const input = binary("0b 00000001 00000001 61");

    expect(caught(() => readList(input, Type.I32, () => input.readI32()))).toMatchObject({
      type: Problem.INVALID_DATA,
      message: "Expected a list of I32, got STRING",
    });
  });

  it("When a map's key or value type differs Then reading fails naming both", () => {
    const input = binary("0b 08 00000001 00000001 61 00000001");

    expect(
      caught(() =>
        readMap(
          input,
          Type.STRING,
          Type.STRING,
          () => input.readString(),
          () => "",
        ),
      ),
    ).toMatchObject({
      type: Problem.INVALID_DATA,
      message: "Expected a map of STRING, STRING, got STRING, I32",
    });
  });

  it("When a container is empty Then its element types are not checked (compact omits them)", () => {
    const input = binary("0b 00000000");

    expect(readList(input, Type.I32, () => input.readI32())).toEqual([]);
  });

  it("When the size is negative Then reading fails with NEGATIVE_SIZE", () => {
    // Apache's binary reader passes a negative size through (the bounded one refuses it first).
    const input = { readListBegin: () => ({ etype: Type.I32, size: -1 }) } as unknown as TProtocol;

    expect(caught(() => readList(input, Type.I32, () => 0))).toMatchObject({
      type: Problem.NEGATIVE_SIZE,
      message: "Negative list size",
    });
  });

  it.each([
    [
      "a Set for a list",
      (o: TProtocol) => writeList(o, Type.I32, new Set([1]) as never, ignore),
      "Expected an array for a list, got Set",
    ],
    [
      "an array for a set",
      (o: TProtocol) => writeSet(o, Type.I32, [1] as never, ignore),
      "Expected a Set for a set, got an array",
    ],
    [
      "an object for a map",
      (o: TProtocol) => writeMap(o, Type.I32, Type.I32, {} as never, ignore, ignore),
      "Expected a Map for a map, got Object",
    ],
  ])("When a handler returns %s Then writing fails instead of sending a wrong size", (_, write, message) => {
    expect(caught(() => written(write))).toMatchObject({ type: Problem.INVALID_DATA, message });
  });
});

describe("containers compared by value", () => {
  const point = (x: number) => ({ x });
  const writePoint = (output: TProtocol, value: { x: number }) => {
    output.writeStructBegin("P");
    output.writeFieldBegin("x", Type.I32, 1);
    output.writeI32(value.x);
    output.writeFieldEnd();
    output.writeFieldStop();
    output.writeStructEnd();
  };
  const readPoint = (input: TProtocol) => {
    input.readStructBegin();
    input.readFieldBegin();
    const value = point(input.readI32());
    input.readFieldEnd();
    expect(input.readFieldBegin().ftype).toBe(Type.STOP);
    input.readStructEnd();
    return value;
  };

  it("When a struct-keyed map is read Then an equal key finds its entry", () => {
    const bytes = written((output) => {
      const map = new ThriftMap([[point(1), "one"]]);
      writeThriftMap(
        output,
        Type.STRUCT,
        Type.STRING,
        map,
        (key) => writePoint(output, key),
        (value) => output.writeString(value),
      );
      writeThriftSet(output, Type.STRUCT, new ThriftSet([point(2)]), (element) => writePoint(output, element));
    });
    const input = createReader("binary", bytes);

    const map = readThriftMap(
      input,
      Type.STRUCT,
      Type.STRING,
      () => readPoint(input),
      () => input.readString(),
    );
    const set = readThriftSet(input, Type.STRUCT, () => readPoint(input));

    expect(map.get(point(1))).toBe("one");
    expect(set.has(point(2))).toBe(true);
  });

  it.each([
    [
      "a Map for a map with struct keys",
      (o: TProtocol) => writeThriftMap(o, Type.STRUCT, Type.I32, new Map(), ignore, ignore),
      "Expected a ThriftMap for a map with STRUCT keys, got Map",
    ],
    [
      "a Set for a set of lists",
      (o: TProtocol) => writeThriftSet(o, Type.LIST, new Set(), ignore),
      "Expected a ThriftSet for a set of LIST, got Set",
    ],
  ])("When given %s Then writing fails: it may hold equal keys twice", (_, write, message) => {
    expect(caught(() => written(write))).toMatchObject({ type: Problem.INVALID_DATA, message });
  });
});

describe("unionError", () => {
  it.each([
    [
      { case: undefined },
      "Union U has no field set (case is undefined): a union read with a field this program does not know cannot be written back",
    ],
    [{ case: "a", value: undefined }, 'Union U has no value for field "a"'],
  ])("explains %p", (value, message) => {
    expect(unionError("U", value)).toMatchObject({ name: "TProtocolException", type: Problem.INVALID_DATA, message });
  });
});

describe("summarize", () => {
  it("lists the set fields, readably", () => {
    expect(
      summarize("E", {
        key: 'a"b',
        id: 42n,
        ok: false,
        skipped: undefined,
        bytes: Buffer.from("abc"),
        list: [1, 2],
        map: new Map(),
        point: { x: 1 },
      }),
    ).toBe('E: key="a\\"b", id=42, ok=false, bytes=<3 bytes>, list=[2 items], map=[0 items], point={…}');
  });

  it("When no field is set Then it is the name alone", () => {
    expect(summarize("E", { a: undefined })).toBe("E");
  });
});
