// The helpers generated codecs call. Generated code stays explicit (one `case` per
// field, one call per value); what is here is what would otherwise be repeated in
// every codec: i64 as bigint, container loops with their checks, and the errors.
import { Thrift, fromBigInt, toBigInt, type TProtocol } from "thrift";
import { ThriftMap, ThriftSet } from "./keyed";

/** A `TProtocolException` of type `INVALID_DATA`, as every other Thrift library throws. */
export function invalidData(message: string): Thrift.TProtocolException {
  return new Thrift.TProtocolException(Thrift.TProtocolExceptionType.INVALID_DATA, message);
}

/** The error for a required field that is absent when reading, or unset when writing. */
export function unsetFieldError(struct: string, field: string): Thrift.TProtocolException {
  return invalidData(`Required field ${struct}.${field} is unset`);
}

/** The error for a union value that cannot be written: no known field, or no value for it. */
export function unionError(union: string, value: { readonly case?: unknown }): Thrift.TProtocolException {
  if (value.case === undefined) {
    return invalidData(
      `Union ${union} has no field set (case is undefined): ` +
        "a union read with a field this program does not know cannot be written back",
    );
  }
  return invalidData(`Union ${union} has no value for field ${JSON.stringify(value.case)}`);
}

/** The error for a union read with more than one field: at most one may be on the wire. */
export function unionFieldsError(union: string): Thrift.TProtocolException {
  return invalidData(`Union ${union} has more than one field set`);
}

/**
 * A protocol that reads an i64 as a bigint itself: Apache's return a node-int64 (an
 * 8-byte buffer of its own) per value; the bounded binary and compact protocols and the
 * JSON reader spare it, and the writers (writer.ts) the same on the way out.
 */
export interface ReadsBigInt64 {
  readBigInt64(): bigint;
}

/** Reads an i64 as a bigint. */
export function readI64(input: TProtocol): bigint {
  const direct = (input as Partial<ReadsBigInt64>).readBigInt64;
  return direct === undefined ? toBigInt(input.readI64()) : direct.call(input);
}

/** A protocol that writes an i64 from a bigint itself, as `ReadsBigInt64` reads one. */
export interface WritesBigInt64 {
  /** `value` is within the i64 range. */
  writeBigInt64(value: bigint): void;
}

/** Writes a bigint as an i64; throws rather than wrapping a value that does not fit. */
export function writeI64(output: TProtocol, value: bigint): void {
  if (typeof value !== "bigint" || BigInt.asIntN(64, value) !== value) {
    throw invalidData(`Not an i64: ${String(value)}`);
  }
  const direct = (output as Partial<WritesBigInt64>).writeBigInt64;
  if (direct === undefined) output.writeI64(fromBigInt(value));
  else direct.call(output, value);
}

/** Reads a list whose elements must be of wire type `etype`. */
export function readList<T>(input: TProtocol, etype: Thrift.Type, readElement: () => T): T[] {
  const header = input.readListBegin();
  checkContainer("list", header.size, [etype], [header.etype]);
  const list: T[] = [];
  for (let i = 0; i < header.size; i++) list.push(readElement());
  input.readListEnd();
  return list;
}

/** Reads a set whose elements must be of wire type `etype`. */
export function readSet<T>(input: TProtocol, etype: Thrift.Type, readElement: () => T): Set<T> {
  return fillSet(input, etype, readElement, new Set<T>());
}

/** Reads a set of structs, containers or binary values, compared by value. */
export function readThriftSet<T>(input: TProtocol, etype: Thrift.Type, readElement: () => T): ThriftSet<T> {
  return fillSet(input, etype, readElement, new ThriftSet<T>());
}

function fillSet<T, S extends Set<T>>(input: TProtocol, etype: Thrift.Type, readElement: () => T, set: S): S {
  const header = input.readSetBegin();
  checkContainer("set", header.size, [etype], [header.etype]);
  for (let i = 0; i < header.size; i++) set.add(readElement());
  input.readSetEnd();
  return set;
}

/** Reads a map whose keys and values must be of wire types `ktype` and `vtype`. */
export function readMap<K, V>(
  input: TProtocol,
  ktype: Thrift.Type,
  vtype: Thrift.Type,
  readKey: () => K,
  readValue: () => V,
): Map<K, V> {
  return fillMap(input, ktype, vtype, readKey, readValue, new Map<K, V>());
}

/** Reads a map whose keys are structs, containers or binary values, compared by value. */
export function readThriftMap<K, V>(
  input: TProtocol,
  ktype: Thrift.Type,
  vtype: Thrift.Type,
  readKey: () => K,
  readValue: () => V,
): ThriftMap<K, V> {
  return fillMap(input, ktype, vtype, readKey, readValue, new ThriftMap<K, V>());
}

function fillMap<K, V, M extends Map<K, V>>(
  input: TProtocol,
  ktype: Thrift.Type,
  vtype: Thrift.Type,
  readKey: () => K,
  readValue: () => V,
  map: M,
): M {
  const header = input.readMapBegin();
  checkContainer("map", header.size, [ktype, vtype], [header.ktype, header.vtype]);
  for (let i = 0; i < header.size; i++) {
    const key = readKey();
    map.set(key, readValue());
  }
  input.readMapEnd();
  return map;
}

export function writeList<T>(
  output: TProtocol,
  etype: Thrift.Type,
  list: readonly T[],
  writeElement: (element: T) => void,
): void {
  // The size goes first: a Set or an object here would write a wrong one.
  if (!Array.isArray(list)) throw invalidData(`Expected an array for a list, got ${kindOf(list)}`);
  output.writeListBegin(etype, list.length);
  for (const element of list) writeElement(element);
  output.writeListEnd();
}

export function writeSet<T>(
  output: TProtocol,
  etype: Thrift.Type,
  set: ReadonlySet<T>,
  writeElement: (element: T) => void,
): void {
  if (!(set instanceof Set)) throw invalidData(`Expected a Set for a set, got ${kindOf(set)}`);
  emitSet(output, etype, set, writeElement);
}

/** Writes a set of structs, containers or binary values: a `ThriftSet`, whose elements are distinct by value. */
export function writeThriftSet<T>(
  output: TProtocol,
  etype: Thrift.Type,
  set: ReadonlySet<T>,
  writeElement: (element: T) => void,
): void {
  // A plain Set may hold equal elements twice (it compares objects by identity).
  if (!(set instanceof ThriftSet)) {
    throw invalidData(`Expected a ThriftSet for a set of ${typeName(etype)}, got ${kindOf(set)}`);
  }
  emitSet(output, etype, set, writeElement);
}

function emitSet<T>(
  output: TProtocol,
  etype: Thrift.Type,
  set: ReadonlySet<T>,
  writeElement: (element: T) => void,
): void {
  output.writeSetBegin(etype, set.size);
  for (const element of set) writeElement(element);
  output.writeSetEnd();
}

export function writeMap<K, V>(
  output: TProtocol,
  ktype: Thrift.Type,
  vtype: Thrift.Type,
  map: ReadonlyMap<K, V>,
  writeKey: (key: K) => void,
  writeValue: (value: V) => void,
): void {
  if (!(map instanceof Map)) throw invalidData(`Expected a Map for a map, got ${kindOf(map)}`);
  emitMap(output, ktype, vtype, map, writeKey, writeValue);
}

/** Writes a map whose keys are structs, containers or binary: a `ThriftMap`, whose keys are distinct by value. */
export function writeThriftMap<K, V>(
  output: TProtocol,
  ktype: Thrift.Type,
  vtype: Thrift.Type,
  map: ReadonlyMap<K, V>,
  writeKey: (key: K) => void,
  writeValue: (value: V) => void,
): void {
  if (!(map instanceof ThriftMap)) {
    throw invalidData(`Expected a ThriftMap for a map with ${typeName(ktype)} keys, got ${kindOf(map)}`);
  }
  // A struct or container key cannot be a JSON object key: the JSON writer refuses it.
  emitMap(output, ktype, vtype, map, writeKey, writeValue);
}

function emitMap<K, V>(
  output: TProtocol,
  ktype: Thrift.Type,
  vtype: Thrift.Type,
  map: ReadonlyMap<K, V>,
  writeKey: (key: K) => void,
  writeValue: (value: V) => void,
): void {
  output.writeMapBegin(ktype, vtype, map.size);
  for (const [key, value] of map) {
    writeKey(key);
    writeValue(value);
  }
  output.writeMapEnd();
}

/**
 * The message of an exception declared without a `message` field, e.g.
 * `UserNotFound: id=42`, so logs and stack traces say what happened.
 */
export function summarize(name: string, fields: Record<string, unknown>): string {
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${field}=${formatValue(value)}`);
  return parts.length === 0 ? name : `${name}: ${parts.join(", ")}`;
}

// An exception whose `message` field is optional and was not given still has an
// Error.message, its summary, for logs and stack traces. That text is not the field: it
// is remembered here per exception, so that writing one sends no `message` it never had.
const summaries = new WeakMap<Error, string>();

/**
 * Called by an exception's constructor after `super(given ?? summary)`: when the
 * `message` field was not given, its Error.message is only a summary.
 */
export function rememberSummary(error: Error, given: string | undefined): void {
  if (given === undefined) summaries.set(error, error.message);
}

/** An exception's `message` field: undefined while Error.message is still the summary. */
export function messageField(error: Error): string | undefined {
  return summaries.get(error) === error.message ? undefined : error.message;
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return `[${value.length} items]`;
  if (value instanceof Set || value instanceof Map) return `[${value.size} items]`;
  if (typeof value === "object" && value !== null) return "{…}";
  return String(value);
}

// Reading elements as another type than they were written would misread every
// byte after them. An empty container may carry no types at all (compact).
function checkContainer(
  kind: string,
  size: number,
  expected: readonly Thrift.Type[],
  actual: readonly Thrift.Type[],
): void {
  if (size < 0) {
    throw new Thrift.TProtocolException(Thrift.TProtocolExceptionType.NEGATIVE_SIZE, `Negative ${kind} size`);
  }
  if (size > 0 && expected.some((type, i) => actual[i] !== type)) {
    throw invalidData(
      `Expected a ${kind} of ${expected.map(typeName).join(", ")}, got ${actual.map(typeName).join(", ")}`,
    );
  }
}

// Thrift.Type is a plain object at run time: no reverse mapping. The first name of
// each value is kept (BYTE before I08, STRING before UTF7).
const typeNames = new Map<number, string>();
for (const [name, value] of Object.entries(Thrift.Type)) {
  if (typeof value === "number" && !typeNames.has(value)) typeNames.set(value, name);
}

function typeName(type: Thrift.Type): string {
  return typeNames.get(type) ?? `type ${type}`;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return value.constructor?.name ?? "an object";
  return typeof value;
}
