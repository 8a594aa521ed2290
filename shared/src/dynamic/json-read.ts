// JSON values to Thrift values of a type of the IDL, checked on the way: every value
// that does not fit is refused with its path (`req.items[2].key: expected a string, got
// 42`), so a mistake is found before anything is sent. The mapping (docs/tools.md):
//
//   bool            true, false
//   byte, i16, i32  a JSON integer within the type's range
//   i64             a decimal string ("-42"), or a JSON integer within ±(2^53 - 1)
//   double          a JSON number, or "NaN", "Infinity", "-Infinity"
//   string          a JSON string
//   binary          base64 (RFC 4648 §4), padded or not
//   uuid            "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", any case
//   enum            a member's name ("RED"), or an i32
//   struct          an object of its fields by name; required ones must be there
//   exception       the same
//   union           an object of exactly one member: {"radius": 2}
//   list, set       an array; a set's elements must differ
//   map<string, V>  an object
//   map<K, V>       an array of [key, value] pairs, for every other key type
//
// null is no value of any type: a field without a value is left out.
import { integerRanges } from "../codegen/literals";
import type { Field, TypeRef } from "../codegen/model";
import { comparedByValue } from "../codegen/ts-type";
import { decodeBase64 } from "../core/json-values";
import { defaultDecodeLimits } from "../core/limits";
import { ThriftMap, ThriftSet, valueKey } from "../core/keyed";
import { isUuid } from "../core/uuid";
import type { DynamicCodecs } from "./codec";
import { describeJson, indexPath, JsonValueError, memberPath } from "./json-path";
import { enumNamed, idlName, structNamed, typeText } from "./model";

const decimal = /^-?[0-9]+$/;
const specialDoubles: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

/**
 * The Thrift value of `type` that `json` (as `JSON.parse` returns it) stands for, in the
 * shapes generated code uses (docs/codegen.md). Throws a `JsonValueError` at the first
 * value that does not fit, `path` being the place of `json` itself.
 */
export function fromJson(codecs: DynamicCodecs, type: TypeRef, json: unknown, path = ""): unknown {
  return read(codecs, type, json, path, 0);
}

/**
 * `depth` counts the structs and containers `json` is in. Past the decoders' limit
 * (Apache's too) no server would read the message, and a value nested that deep would
 * only exhaust the stack here.
 */
function read(codecs: DynamicCodecs, type: TypeRef, json: unknown, path: string, depth: number): unknown {
  if (
    depth >= defaultDecodeLimits.maxDepth &&
    (type.kind === "struct" || type.kind === "list" || type.kind === "set" || type.kind === "map")
  ) {
    throw new JsonValueError(
      path,
      `nested deeper than ${defaultDecodeLimits.maxDepth} structs and containers, which no server reads`,
    );
  }
  const fail = (what: string): never => {
    throw new JsonValueError(path, `expected ${what} for ${typeText(type)}, got ${describeJson(json)}`);
  };
  switch (type.kind) {
    case "bool":
      return typeof json === "boolean" ? json : fail("true or false");
    case "byte":
    case "i16":
    case "i32": {
      const [min, max] = integerRanges[type.kind];
      const fits = typeof json === "number" && Number.isInteger(json) && json >= min && json <= max;
      return fits ? json : fail(`an integer from ${min} to ${max}`);
    }
    case "i64":
      return i64(json, fail);
    case "double":
      if (typeof json === "number") return json;
      if (typeof json === "string" && Object.hasOwn(specialDoubles, json)) return specialDoubles[json];
      return fail('a number, "NaN", "Infinity" or "-Infinity"');
    case "string":
      return typeof json === "string" ? json : fail("a string");
    case "binary":
      return (typeof json === "string" ? decodeBase64(json) : undefined) ?? fail("base64");
    case "uuid":
      return typeof json === "string" && isUuid(json) ? json.toLowerCase() : fail("a uuid (8-4-4-4-12 hex digits)");
    case "enum":
      return enumValue(codecs, type.name, json, fail);
    case "list":
      if (!Array.isArray(json)) return fail("an array");
      return json.map((element, i) => read(codecs, type.element, element, indexPath(path, i), depth + 1));
    case "set": {
      if (!Array.isArray(json)) return fail("an array");
      const set = comparedByValue(type.element) ? new ThriftSet<unknown>() : new Set<unknown>();
      const elements = json.map((element, i) => {
        const at = indexPath(path, i);
        return [read(codecs, type.element, element, at, depth + 1), at] as const;
      });
      for (const element of distinct(elements, "element")) set.add(element);
      return set;
    }
    case "map":
      return mapValue(codecs, type, json, path, depth, fail);
    case "struct":
      return structValue(codecs, type.name, json, path, depth, fail);
  }
}

/** The arguments of a call, given as one object keyed by parameter name, in parameter order. */
export function argumentsFromJson(
  codecs: DynamicCodecs,
  method: string,
  params: readonly Field[],
  required: (param: Field) => boolean,
  json: unknown,
): unknown[] {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new JsonValueError(
      "",
      `expected the arguments of ${method} as an object keyed by parameter name, got ${describeJson(json)}`,
    );
  }
  const record = json as Record<string, unknown>;
  const names = params.map((param) => param.name);
  for (const name of Object.keys(record)) {
    if (!names.includes(name)) {
      const known = names.length === 0 ? "it takes none" : `its parameters are ${names.join(", ")}`;
      throw new JsonValueError("", `${method} has no parameter ${JSON.stringify(name)}: ${known}`);
    }
  }
  return params.map((param) => {
    const given = Object.hasOwn(record, param.name) ? record[param.name] : undefined;
    if (given === undefined) {
      if (required(param)) throw new JsonValueError(param.name, `missing argument (${typeText(param.type)})`);
      return undefined;
    }
    // Inside the arguments struct.
    return read(codecs, param.type, given, param.name, 1);
  });
}

function i64(json: unknown, fail: (what: string) => never): bigint {
  const what = "a decimal string, or an integer within ±(2^53 - 1)";
  if (typeof json === "number") {
    // A larger JSON number has already lost its last digits when parsed.
    if (Number.isSafeInteger(json)) return BigInt(json);
    return fail(
      Number.isInteger(json) ? `${what} (larger ones must be strings: a JSON number this large is not exact)` : what,
    );
  }
  if (typeof json !== "string" || !decimal.test(json)) return fail(what);
  const value = BigInt(json);
  const [min, max] = integerRanges.i64;
  return value >= min && value <= max ? value : fail(`an integer from ${min} to ${max}`);
}

function enumValue(codecs: DynamicCodecs, name: string, json: unknown, fail: (what: string) => never): number {
  const { members } = enumNamed(codecs.idl, name);
  if (typeof json === "string") {
    const member = members.find((m) => m.name === json);
    if (member !== undefined) return member.value;
  }
  // A number the IDL does not list is sent as it is: a newer peer may know it.
  const [min, max] = integerRanges.i32;
  if (typeof json === "number" && Number.isInteger(json) && json >= min && json <= max) return json;
  return fail(`a member of ${idlName(name)} (${members.map((m) => m.name).join(", ")}) or an i32`);
}

function mapValue(
  codecs: DynamicCodecs,
  type: TypeRef & { kind: "map" },
  json: unknown,
  path: string,
  depth: number,
  fail: (what: string) => never,
): Map<unknown, unknown> {
  let entries: (readonly [unknown, unknown, string])[];
  if (type.key.kind === "string") {
    if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("an object");
    entries = Object.keys(json).map((key) => {
      const at = memberPath(path, key);
      return [key, read(codecs, type.value, (json as Record<string, unknown>)[key], at, depth + 1), at] as const;
    });
  } else {
    if (!Array.isArray(json)) return fail("an array of [key, value] pairs");
    entries = json.map((pair: unknown, i) => {
      const at = indexPath(path, i);
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new JsonValueError(at, `expected a [key, value] pair, got ${describeJson(pair)}`);
      }
      const key = read(codecs, type.key, pair[0], indexPath(at, 0), depth + 1);
      return [key, read(codecs, type.value, pair[1], indexPath(at, 1), depth + 1), indexPath(at, 0)] as const;
    });
  }
  const keys = distinct(
    entries.map(([key, , at]) => [key, at] as const),
    "key",
  );
  const map = comparedByValue(type.key) ? new ThriftMap<unknown, unknown>() : new Map<unknown, unknown>();
  for (const [i, [, value]] of entries.entries()) map.set(keys[i], value);
  return map;
}

/** The values, refused if two are equal: a set or map holds each once, and one would be lost. */
function distinct(values: readonly (readonly [unknown, string])[], what: "element" | "key"): unknown[] {
  const seen = new Map<string, string>();
  for (const [value, at] of values) {
    const key = valueKey(value);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new JsonValueError(
        at,
        `equals the ${what} at ${first}: a ${what === "key" ? "map" : "set"} holds each ${what} once`,
      );
    }
    seen.set(key, at);
  }
  return values.map(([value]) => value);
}

function structValue(
  codecs: DynamicCodecs,
  name: string,
  json: unknown,
  path: string,
  depth: number,
  fail: (what: string) => never,
): unknown {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("an object");
  const definition = structNamed(codecs.idl, name);
  const given = Object.keys(json);
  const fields = new Map(definition.fields.map((field) => [field.name, field]));
  const field = (key: string): Field => {
    const found = fields.get(key);
    if (found !== undefined) return found;
    const known = definition.fields.length === 0 ? "it has none" : `its fields are ${[...fields.keys()].join(", ")}`;
    throw new JsonValueError(path, `${definition.kind} ${idlName(name)} has no field ${JSON.stringify(key)}: ${known}`);
  };
  const memberValue = (key: string): unknown => {
    const at = memberPath(path, key);
    return read(codecs, field(key).type, (json as Record<string, unknown>)[key], at, depth + 1);
  };
  if (definition.kind === "union") {
    if (given.length === 1) return { case: given[0], value: memberValue(given[0]!) };
    given.forEach(field);
    const members = [...fields.keys()].join(", ");
    throw new JsonValueError(path, `union ${idlName(name)} needs exactly one of ${members}, got ${given.length}`);
  }
  const values: Record<string, unknown> = {};
  for (const key of given) values[key] = memberValue(key);
  for (const { name: fieldName, requiredness, type } of definition.fields) {
    if (requiredness === "required" && values[fieldName] === undefined) {
      throw new JsonValueError(memberPath(path, fieldName), `missing required field (${typeText(type)})`);
    }
  }
  return definition.kind === "exception" ? new (codecs.exceptionClass(name))(values) : values;
}
