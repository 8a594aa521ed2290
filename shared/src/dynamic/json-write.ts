// Thrift values of a type of the IDL as JSON text, in the mapping json-read.ts reads
// (docs/tools.md), so that what is printed can be sent back as it is: i64 as a decimal
// string (whatever its size, so a field keeps one JSON type), binary as padded base64,
// enums by name (by number when the IDL has no member of that value), sets as arrays,
// maps with string keys as objects and others as [key, value] pairs, unions as
// {"member": value}, and doubles exactly (-0 as -0, NaN and the infinities as strings).
import type { TypeRef } from "../codegen/model";
import type { DynamicCodecs } from "./codec";
import { describeJson, indexPath, JsonValueError, memberPath } from "./json-path";
import { enumNamed, structNamed, typeText } from "./model";

/** JSON being built: a literal's text, an array, or an object's members in order. */
export type JsonNode = string | readonly JsonNode[] | { readonly members: readonly (readonly [string, JsonNode])[] };

export interface JsonTextOptions {
  /** Spaces per level of nesting; 0 (the default) writes one line. */
  readonly indent?: number;
}

/** `value` of `type` as JSON text; throws a `JsonValueError` at a value that is not of its type. */
export function toJsonText(
  codecs: DynamicCodecs,
  type: TypeRef,
  value: unknown,
  options: JsonTextOptions = {},
): string {
  return jsonText(toJson(codecs, type, value), options);
}

/** The text of JSON built with `toJson` (and composed with literals: `{ members: [["a", "1"]] }`). */
export function jsonText(node: JsonNode, options: JsonTextOptions = {}): string {
  return stringify(node, options.indent ?? 0, 0);
}

/**
 * `value` of `type` as JSON, to print or compose into a larger document; throws a
 * `JsonValueError` at a value that is not of its type, `path` being the place of `value`.
 */
export function toJson(codecs: DynamicCodecs, type: TypeRef, value: unknown, path = ""): JsonNode {
  const fail = (): never => {
    throw new JsonValueError(path, `not a value of ${typeText(type)}: ${describeJson(value)}`);
  };
  switch (type.kind) {
    case "bool":
      return typeof value === "boolean" ? String(value) : fail();
    case "byte":
    case "i16":
    case "i32":
      return typeof value === "number" && Number.isInteger(value) ? String(value) : fail();
    case "i64":
      return typeof value === "bigint" ? `"${value}"` : fail();
    case "double":
      if (typeof value !== "number") return fail();
      if (Number.isNaN(value)) return '"NaN"';
      if (!Number.isFinite(value)) return value > 0 ? '"Infinity"' : '"-Infinity"';
      // String(-0) is "0"; JSON reads -0 back as -0.
      return Object.is(value, -0) ? "-0" : String(value);
    case "string":
    case "uuid":
      return typeof value === "string" ? jsonString(value) : fail();
    case "binary":
      return value instanceof Uint8Array
        ? `"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64")}"`
        : fail();
    case "enum": {
      if (typeof value !== "number") return fail();
      const member = enumNamed(codecs.idl, type.name).members.find((m) => m.value === value);
      return member === undefined ? String(value) : jsonString(member.name);
    }
    case "list":
    case "set":
      if (type.kind === "list" ? !Array.isArray(value) : !(value instanceof Set)) return fail();
      return [...(value as Iterable<unknown>)].map((element, i) =>
        toJson(codecs, type.element, element, indexPath(path, i)),
      );
    case "map": {
      if (!(value instanceof Map)) return fail();
      const entries = [...(value as Map<unknown, unknown>)];
      if (type.key.kind === "string") {
        return {
          members: entries.map(([key, item]) => {
            const at = memberPath(path, String(key));
            return [typeof key === "string" ? key : fail(), toJson(codecs, type.value, item, at)] as const;
          }),
        };
      }
      return entries.map(([key, item], i) => [
        toJson(codecs, type.key, key, indexPath(indexPath(path, i), 0)),
        toJson(codecs, type.value, item, indexPath(indexPath(path, i), 1)),
      ]);
    }
    case "struct": {
      if (typeof value !== "object" || value === null) return fail();
      const definition = structNamed(codecs.idl, type.name);
      const record = value as Record<string, unknown>;
      if (definition.kind === "union") {
        const field = definition.fields.find((f) => f.name === record["case"]);
        // A member this program does not know was read: nothing of it is left to print.
        if (field === undefined) return { members: [] };
        return { members: [[field.name, toJson(codecs, field.type, record["value"], memberPath(path, field.name))]] };
      }
      const members = definition.fields.flatMap((field) => {
        const fieldValue = record[field.name];
        return fieldValue === undefined
          ? []
          : [[field.name, toJson(codecs, field.type, fieldValue, memberPath(path, field.name))] as const];
      });
      return { members };
    }
  }
}

function stringify(node: JsonNode, indent: number, depth: number): string {
  if (typeof node === "string") return node;
  const items: string[] = Array.isArray(node)
    ? (node as readonly JsonNode[]).map((element) => stringify(element, indent, depth + 1))
    : (node as { members: readonly (readonly [string, JsonNode])[] }).members.map(
        ([key, member]) => `${jsonString(key)}:${indent > 0 ? " " : ""}${stringify(member, indent, depth + 1)}`,
      );
  const [open, close] = Array.isArray(node) ? ["[", "]"] : ["{", "}"];
  if (items.length === 0) return open + close;
  if (indent === 0) return `${open}${items.join(",")}${close}`;
  const inner = " ".repeat(indent * (depth + 1));
  return `${open}\n${inner}${items.join(`,\n${inner}`)}\n${" ".repeat(indent * depth)}${close}`;
}

/**
 * A string as JSON, with DEL and the C1 controls escaped too (JSON.stringify leaves them
 * raw): a terminal may take U+009B for the start of a control sequence, and a server's
 * strings must not drive the terminal they are printed on.
 */
export function jsonString(text: string): string {
  return escapeC1(JSON.stringify(text));
}

/** JSON text with DEL and the C1 controls escaped, as `jsonString` writes them: only strings can hold them. */
export function escapeC1(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
