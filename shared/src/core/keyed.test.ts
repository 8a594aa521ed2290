// Keys compared by value (valueKey) and the ThriftMap and ThriftSet built on them, for
// struct, container and binary keys.
import { inspect } from "node:util";
import fc from "fast-check";
import { ThriftMap, ThriftSet, valueKey } from "./keyed";

describe("valueKey", () => {
  it.each<[string, unknown, unknown]>([
    ["structs with the same fields", { x: 1, y: 2 }, { y: 2, x: 1 }],
    ["an unset field and an absent one", { x: 1, label: undefined }, { x: 1 }],
    ["lists with the same elements", [1, 2], [1, 2]],
    ["sets in any order", new Set(["a", "b"]), new Set(["b", "a"])],
    [
      "maps in any order",
      new Map([
        ["a", 1],
        ["b", 2],
      ]),
      new Map([
        ["b", 2],
        ["a", 1],
      ]),
    ],
    ["a ThriftSet and a Set", new ThriftSet([[1]]), new Set([[1]])],
    ["buffers with the same bytes", Buffer.from("ab"), Buffer.from("ab")],
    ["a Buffer and a Uint8Array", Buffer.from([1, 2]), new Uint8Array([1, 2])],
    ["-0 and 0, as in a Map", -0, 0],
    ["NaN and NaN, as in a Map", Number.NaN, Number.NaN],
    ["unions", { case: "radius", value: 1 }, { value: 1, case: "radius" }],
  ])("is the same for %s", (_, a, b) => {
    expect(valueKey(a)).toBe(valueKey(b));
  });

  it.each<[string, unknown, unknown]>([
    ["a number and a string", 1, "1"],
    ["a number and a bigint", 1, 1n],
    ["lists in another order", [1, 2], [2, 1]],
    ["a list and a set", [1], new Set([1])],
    ["structs with another field set", { x: 1 }, { y: 1 }],
    ["a string that looks like an encoding", '"a"', "a"],
    ["strings with separators inside", ["a,b"], ["a", "b"]],
    ["unions with another member", { case: "a", value: 1 }, { case: "b", value: 1 }],
    ["buffers of other bytes", Buffer.from("ab"), Buffer.from("ba")],
    ["maps whose values differ", new Map([["a", 1]]), new Map([["a", 2]])],
  ])("differs for %s", (_, a, b) => {
    expect(valueKey(a)).not.toBe(valueKey(b));
  });

  // JSON text of plain data is canonical for the values it can hold: equal keys exactly
  // when the JSON of the values (objects with sorted keys) is equal.
  it("is equal exactly when the values are", () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.integer(),
        fc.string(),
        fc.boolean(),
        fc.array(tie("node"), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom("a", "b", "c"), tie("node"), { maxKeys: 3 }),
      ),
    })).node;
    const canonical = (v: unknown): string =>
      JSON.stringify(v, (_, inner: unknown) =>
        inner !== null && typeof inner === "object" && !Array.isArray(inner)
          ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
          : inner,
      );
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(valueKey(a) === valueKey(b)).toBe(canonical(a) === canonical(b));
      }),
      { numRuns: 500 },
    );
  });
});

describe("ThriftMap", () => {
  it("finds an entry by any equal key, keeping the first key object given", () => {
    const first = { x: 1 };
    const map = new ThriftMap([[first, "a"]]);
    map.set({ x: 1 }, "b");

    expect(map.get({ x: 1 })).toBe("b");
    expect(map.has({ x: 1 })).toBe(true);
    expect(map.size).toBe(1);
    expect([...map.keys()][0]).toBe(first);
    expect([...map]).toEqual([[{ x: 1 }, "b"]]);
  });

  it("deletes and clears by value", () => {
    const map = new ThriftMap([
      [[1, 2], "a"],
      [[3], "b"],
    ]);

    expect(map.delete([1, 2])).toBe(true);
    expect(map.delete([1, 2])).toBe(false);
    expect([...map.keys()]).toEqual([[3]]);
    map.clear();
    expect(map.size).toBe(0);
    expect(map.get([3])).toBeUndefined();
  });

  it("is a Map, iterated in insertion order", () => {
    const map = new ThriftMap<Buffer, number>([
      [Buffer.from("b"), 1],
      [Buffer.from("a"), 2],
    ]);
    const seen: unknown[] = [];
    map.forEach((value, key) => {
      seen.push([key.toString(), value]);
    });

    expect(map).toBeInstanceOf(Map);
    expect(seen).toEqual([
      ["b", 1],
      ["a", 2],
    ]);
    expect(Object.prototype.toString.call(map)).toBe("[object ThriftMap]");
    expect(inspect(new ThriftMap([[{ x: 1 }, "a"]]))).toBe("ThriftMap Map(1) { { x: 1 } => 'a' }");
  });

  it("When frozen Then every change throws and the map stays as it was", () => {
    const map = new ThriftMap([[{ x: 1 }, "a"]]).freeze();

    expect(() => map.set({ x: 2 }, "b")).toThrow(new TypeError("Cannot change a frozen map: it is a constant"));
    expect(() => map.delete({ x: 1 })).toThrow(TypeError);
    expect(() => map.clear()).toThrow(TypeError);
    expect([...map]).toEqual([[{ x: 1 }, "a"]]);
    expect(Object.isFrozen(map)).toBe(true);
  });
});

describe("ThriftSet", () => {
  it("holds each value once, whatever object carries it", () => {
    const set = new ThriftSet([new Set(["a", "b"]), new Set(["b", "a"]), new Set(["c"])]);

    expect(set.size).toBe(2);
    expect(set.has(new Set(["b", "a"]))).toBe(true);
    expect(set.delete(new Set(["a", "b"]))).toBe(true);
    expect([...set]).toEqual([new Set(["c"])]);
    expect(set).toBeInstanceOf(Set);
    expect(inspect(new ThriftSet([[1]]))).toBe("ThriftSet Set(1) { [ 1 ] }");
  });

  it("When frozen Then every change throws", () => {
    const set = new ThriftSet([1]).freeze();

    expect(() => set.add(2)).toThrow(new TypeError("Cannot change a frozen set: it is a constant"));
    expect(() => set.delete(1)).toThrow(TypeError);
    expect(() => set.clear()).toThrow(TypeError);
    expect([...set]).toEqual([1]);
  });
});
