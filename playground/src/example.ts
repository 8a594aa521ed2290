// A valid example of a method's arguments, in the JSON mapping thrift-http call reads
// (docs/tools.md), built from the types alone: what the argument editor starts with.
//
// Every argument and struct field is shown, so the example also says what can be sent,
// except where showing it would never end: a struct inside itself (a tree's children, a
// linked list's next) is shown only when it must be (a `required` field), and then to a
// bounded depth. A field with a default shows its default.
import type { Field, Idl, MethodModel, TypeRef } from "../../shared/src/codegen/model";
import type { DynamicCodecs } from "../../shared/src/dynamic/codec";
import { toJson, jsonText } from "../../shared/src/dynamic/json-write";
import { enumNamed, structNamed } from "../../shared/src/dynamic/model";
import { evaluate } from "../../shared/src/dynamic/values";

/** JSON as `JSON.parse` returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** How deep a chain of `required` fields through one struct may go before it is cut. */
const maxRecursion = 4;

/** The example arguments of `method`: an object keyed by parameter name. */
export function exampleArguments(idl: Idl, codecs: DynamicCodecs, method: MethodModel): Record<string, Json> {
  const args: Record<string, Json> = {};
  for (const param of method.params)
    args[param.name] = fieldExample(idl, codecs, param, [], `${method.name}(${param.name})`);
  return args;
}

/** An example value of `type`, in the JSON mapping. `within` holds the structs it is inside. */
export function exampleValue(
  idl: Idl,
  codecs: DynamicCodecs,
  type: TypeRef,
  within: readonly string[] = [],
  hint = "",
): Json {
  switch (type.kind) {
    case "bool":
      return true;
    case "byte":
    case "i16":
    case "i32":
    case "double":
      return 0;
    case "i64":
      return "0";
    case "string":
      // The field's own name says more than an empty string about what to write there.
      return hint;
    case "binary":
      return "";
    case "uuid":
      return "00000000-0000-0000-0000-000000000000";
    case "enum": {
      const first = enumNamed(idl, type.name).members[0];
      return first === undefined ? 0 : first.name;
    }
    case "list":
    case "set":
      return isRecursive(idl, type.element, within) ? [] : [exampleValue(idl, codecs, type.element, within, hint)];
    case "map": {
      if (isRecursive(idl, type.key, within) || isRecursive(idl, type.value, within))
        return type.key.kind === "string" ? {} : [];
      const key = exampleValue(idl, codecs, type.key, within, "key");
      const value = exampleValue(idl, codecs, type.value, within, hint);
      return typeof key === "string" && type.key.kind === "string" ? { [key]: value } : [[key, value]];
    }
    case "struct":
      return structExample(idl, codecs, type.name, within);
  }
}

function structExample(idl: Idl, codecs: DynamicCodecs, name: string, within: readonly string[]): Json {
  const struct = structNamed(idl, name);
  const inside = [...within, name];
  if (count(inside, name) > maxRecursion) return {};
  if (struct.kind === "union") {
    // One member: the first that does not lead back into a struct it is in, if any does not.
    const member = struct.fields.find((field) => !isRecursive(idl, field.type, inside)) ?? struct.fields[0];
    if (member === undefined) return {};
    return { [member.name]: fieldExample(idl, codecs, member, inside, `${name}.${member.name}`) };
  }
  const value: Record<string, Json> = {};
  for (const field of struct.fields) {
    if (field.requiredness !== "required" && isRecursive(idl, field.type, inside)) continue;
    value[field.name] = fieldExample(idl, codecs, field, inside, `${name}.${field.name}`);
  }
  return value;
}

function fieldExample(idl: Idl, codecs: DynamicCodecs, field: Field, within: readonly string[], where: string): Json {
  if (field.defaultValue !== undefined) {
    const value = evaluate(idl, field.defaultValue, field.type, where);
    return JSON.parse(jsonText(toJson(codecs, field.type, value))) as Json;
  }
  return exampleValue(idl, codecs, field.type, within, field.name);
}

/** Whether a value of `type` would hold a struct of `within` (a struct it is already inside). */
function isRecursive(idl: Idl, type: TypeRef, within: readonly string[], seen = new Set<string>()): boolean {
  switch (type.kind) {
    case "list":
    case "set":
      return isRecursive(idl, type.element, within, seen);
    case "map":
      return isRecursive(idl, type.key, within, seen) || isRecursive(idl, type.value, within, seen);
    case "struct": {
      if (within.includes(type.name)) return true;
      if (seen.has(type.name)) return false;
      seen.add(type.name);
      // Only what an example would show: a recursive field that is not required is left out.
      return structNamed(idl, type.name).fields.some(
        (field) => field.requiredness === "required" && isRecursive(idl, field.type, within, seen),
      );
    }
    default:
      return false;
  }
}

function count(names: readonly string[], name: string): number {
  let n = 0;
  for (const each of names) if (each === name) n++;
  return n;
}
