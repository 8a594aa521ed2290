// Maps and sets that compare Thrift values by value. JavaScript's Map and Set compare
// objects by identity, so a struct, list, set, map or binary key decoded from the wire
// would never equal the one a program looks up with. Generated code uses these for
// such keys and elements (and for constants, frozen); primitive keys keep Map and Set.

// What Node's util.inspect looks up to print a value; it passes its own inspect along.
// Named here rather than imported from node:util, so this module loads in a browser too.
const inspectCustom: unique symbol = Symbol.for("nodejs.util.inspect.custom");
type Inspect = (value: unknown, options: object) => string;

/**
 * A string that is equal for equal Thrift values: structs and unions by their set
 * fields (an `undefined` field is unset), lists by their elements in order, sets and
 * maps whatever their order, binary by its bytes. Numbers compare as Map does
 * (-0 equals 0, NaN equals NaN).
 */
export function valueKey(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      // String(-0) is "0": -0 and 0 are one key, as in a Map.
      return `n${String(value)}`;
    case "bigint":
      return `i${String(value)}`;
    case "boolean":
      return value ? "t" : "f";
    case "undefined":
      return "u";
  }
  if (value === null || typeof value !== "object") return `?${String(value)}`;
  if (value instanceof Uint8Array) {
    return `x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
  }
  if (Array.isArray(value)) return `[${value.map(valueKey).join(",")}]`;
  if (value instanceof Set) return `<${[...value].map(valueKey).sort().join(",")}>`;
  if (value instanceof Map) {
    return `{${[...value]
      .map(([k, v]) => `${valueKey(k)}:${valueKey(v)}`)
      .sort()
      .join(",")}}`;
  }
  // A struct, union or exception: its set fields, by name.
  const fields = Object.keys(value)
    .filter((name) => (value as Record<string, unknown>)[name] !== undefined)
    .sort()
    .map((name) => `${JSON.stringify(name)}=${valueKey((value as Record<string, unknown>)[name])}`);
  if (value instanceof Error) fields.push(`message=${JSON.stringify(value.message)}`);
  return `(${fields.join(",")})`;
}

function frozenError(kind: string): TypeError {
  return new TypeError(`Cannot change a frozen ${kind}: it is a constant`);
}

/**
 * A Map whose keys are compared by value (`valueKey`): `get({ x: 1 })` finds the
 * entry set with another object equal to `{ x: 1 }`. The first key object given for
 * a value is the one kept and iterated. Do not change a key object once it is in the
 * map: its place was computed from its value when it was added.
 */
export class ThriftMap<K, V> extends Map<K, V> {
  // The key object kept for each value key.
  readonly #keys = new Map<string, K>();
  #frozen = false;

  constructor(entries?: Iterable<readonly [K, V]> | null) {
    // Map's constructor would call set() before #keys exists.
    super();
    if (entries !== undefined && entries !== null) for (const [key, value] of entries) this.set(key, value);
  }

  override get(key: K): V | undefined {
    const kept = this.#keys.get(valueKey(key));
    return kept === undefined ? undefined : super.get(kept);
  }

  override has(key: K): boolean {
    return this.#keys.has(valueKey(key));
  }

  override set(key: K, value: V): this {
    if (this.#frozen) throw frozenError("map");
    const id = valueKey(key);
    const kept = this.#keys.get(id);
    if (kept === undefined) this.#keys.set(id, key);
    return super.set(kept ?? key, value);
  }

  override delete(key: K): boolean {
    if (this.#frozen) throw frozenError("map");
    const id = valueKey(key);
    const kept = this.#keys.get(id);
    if (kept === undefined) return false;
    this.#keys.delete(id);
    return super.delete(kept);
  }

  override clear(): void {
    if (this.#frozen) throw frozenError("map");
    this.#keys.clear();
    super.clear();
  }

  /** Makes every later set, delete or clear throw; returns the map. */
  freeze(): this {
    this.#frozen = true;
    return Object.freeze(this);
  }

  override get [Symbol.toStringTag](): string {
    return "ThriftMap";
  }

  [inspectCustom](_depth: number, options: object, inspect: Inspect): string {
    return `ThriftMap ${inspect(new Map(this), options)}`;
  }
}

/** A Set whose elements are compared by value (`valueKey`), as `ThriftMap` keys are. */
export class ThriftSet<T> extends Set<T> {
  readonly #elements = new Map<string, T>();
  #frozen = false;

  constructor(elements?: Iterable<T> | null) {
    super();
    if (elements !== undefined && elements !== null) for (const element of elements) this.add(element);
  }

  override has(element: T): boolean {
    return this.#elements.has(valueKey(element));
  }

  override add(element: T): this {
    if (this.#frozen) throw frozenError("set");
    const id = valueKey(element);
    if (this.#elements.has(id)) return this;
    this.#elements.set(id, element);
    return super.add(element);
  }

  override delete(element: T): boolean {
    if (this.#frozen) throw frozenError("set");
    const id = valueKey(element);
    if (!this.#elements.has(id)) return false;
    const kept = this.#elements.get(id)!;
    this.#elements.delete(id);
    return super.delete(kept);
  }

  override clear(): void {
    if (this.#frozen) throw frozenError("set");
    this.#elements.clear();
    super.clear();
  }

  /** Makes every later add, delete or clear throw; returns the set. */
  freeze(): this {
    this.#frozen = true;
    return Object.freeze(this);
  }

  override get [Symbol.toStringTag](): string {
    return "ThriftSet";
  }

  [inspectCustom](_depth: number, options: object, inspect: Inspect): string {
    return `ThriftSet ${inspect(new Set(this), options)}`;
  }
}

/**
 * The type of a constant: deeply read-only. Constants are frozen (`Object.freeze`,
 * frozen maps and sets), so a change fails at run time as it fails here at compile
 * time. Binary values stay `Buffer`s: typed arrays cannot be frozen.
 */
export type Frozen<T> = T extends Uint8Array | bigint | string | number | boolean | null | undefined
  ? T
  : T extends ReadonlyMap<infer K, infer V>
    ? ReadonlyMap<Frozen<K>, Frozen<V>>
    : T extends ReadonlySet<infer E>
      ? ReadonlySet<Frozen<E>>
      : T extends readonly (infer E)[]
        ? readonly Frozen<E>[]
        : { readonly [P in keyof T]: Frozen<T[P]> };
