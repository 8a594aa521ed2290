// Map keys and set elements that are structs, unions, containers or binary, as
// generated from fixtures/everything.thrift: after decoding, a program finds them with
// equal values of its own; primitive keys stay in native Maps and Sets.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { Thrift } from "thrift";
import { ThriftMap, ThriftSet } from "../core/keyed";
import { structOf } from "./fixtures/arbitrary";
import * as everything from "./fixtures/everything";
import { KeyedCodec, type Keyed } from "./fixtures/everything";
import { caught, encode, protocols, roundTrip } from "./fixtures/round-trip";
import { loadIdl } from "./generate";

const { INVALID_DATA } = Thrift.TProtocolExceptionType;
const idlFile = join(__dirname, "fixtures", "everything.thrift");
const idl = loadIdl(readFileSync(idlFile, "utf8"), idlFile);

const keyed: Keyed = {
  byPoint: new ThriftMap([[{ x: 1, y: 2 }, "p"]]),
  points: new ThriftSet([{ x: 3, y: 4 }]),
  byBytes: new ThriftMap([[Buffer.from("key"), 7]]),
  rows: new ThriftSet([[1, 2], [3]]),
  bySet: new ThriftMap([[new Set(["a", "b"]), { case: "radius", value: 1 }]]),
  byMap: new ThriftMap([[new Map([["k", 1]]), true]]),
  shapes: new ThriftSet([{ case: "point", value: { x: 0, y: 0 } }]),
  names: new ThriftMap([[{ x: 0, y: 0 }, "origin"]]),
  byId: new Map([[2n ** 60n, "big"]]),
  ratios: new Set([0.5]),
};

describe.each(["binary", "compact"] as const)("over %s", (protocol) => {
  it("When a value-keyed map or set is read Then equal values of the program's own find its entries", () => {
    const read = roundTrip(KeyedCodec, keyed, protocol);

    expect(read.byPoint!.get({ x: 1, y: 2 })).toBe("p");
    expect(read.points!.has({ x: 3, y: 4 })).toBe(true);
    expect(read.byBytes!.get(Buffer.from("key"))).toBe(7);
    expect(read.rows!.has([1, 2])).toBe(true);
    expect(read.rows!.has([2, 1])).toBe(false);
    expect(read.bySet!.get(new Set(["b", "a"]))).toEqual({ case: "radius", value: 1 });
    expect(read.byMap!.get(new Map([["k", 1]]))).toBe(true);
    expect(read.shapes!.has({ case: "point", value: { x: 0, y: 0 } })).toBe(true);
    expect(read.names!.get({ y: 0, x: 0 })).toBe("origin");
  });

  it("When keys are primitive Then the map and set are native, i64 keys found by value", () => {
    const read = roundTrip(KeyedCodec, keyed, protocol);

    expect(read.byId!.constructor).toBe(Map);
    expect(read.byId!.get(2n ** 60n)).toBe("big");
    expect(read.ratios!.constructor).toBe(Set);
    expect(read.ratios!.has(0.5)).toBe(true);
  });

  it("finds every key of a random value after decoding, by an equal copy", () => {
    fc.assert(
      fc.property(structOf(idl, everything as unknown as Record<string, unknown>, "Keyed"), (random) => {
        const value = random as Keyed;
        const read = roundTrip(KeyedCodec, value, protocol);
        for (const [key, inner] of value.byPoint ?? []) expect(read.byPoint!.get({ ...key })).toEqual(inner);
        for (const element of value.rows ?? []) expect(read.rows!.has([...element])).toBe(true);
        for (const [key] of value.byBytes ?? []) expect(read.byBytes!.has(Buffer.from(key))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

describe("writing", () => {
  it("When equal keys are added twice Then the map holds, and writes, one entry", () => {
    const map = new ThriftMap([
      [{ x: 1, y: 1 }, "first"],
      [{ x: 1, y: 1 }, "second"],
    ]);

    expect(roundTrip(KeyedCodec, { byPoint: map }, "binary")).toEqual({
      byPoint: new ThriftMap([[{ x: 1, y: 1 }, "second"]]),
    });
  });

  it("When a struct-keyed field is given a native Map Then writing fails: it may hold one key twice", () => {
    const value = { byPoint: new Map([[{ x: 1, y: 1 }, "a"]]) } as unknown as Keyed;

    expect(caught(() => encode(KeyedCodec, value, "binary"))).toMatchObject({
      type: INVALID_DATA,
      message: "Expected a ThriftMap for a map with STRUCT keys, got Map",
    });
  });

  it("When a map with struct keys is written in JSON Then it fails: JSON keys are strings", () => {
    expect(caught(() => encode(KeyedCodec, { byPoint: keyed.byPoint! }, "json"))).toMatchObject({
      type: INVALID_DATA,
      message: "TJSON cannot write a map whose keys are structs: JSON keys are strings (binary and compact can)",
    });
  });

  it.each(protocols)("When binary keys are written in %s Then they read back", (protocol) => {
    expect(roundTrip(KeyedCodec, { byBytes: keyed.byBytes!, points: keyed.points! }, protocol)).toEqual({
      byBytes: keyed.byBytes,
      points: keyed.points,
    });
  });
});
