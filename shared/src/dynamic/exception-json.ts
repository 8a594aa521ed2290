// An exception a call ended with, in the JSON mapping: {"exception": NAME, "fields": {...}},
// a declared exception's fields as its type maps them, a TApplicationException's as its
// type's name and message. One shape for `thrift-http call` and the gateway's playground.
import { Thrift } from "thrift";
import { jsonString, type JsonNode } from "./json-write";

/** `{"exception": name, "fields": fields}`. */
export function exceptionJson(name: string, fields: JsonNode): JsonNode {
  return {
    members: [
      ["exception", jsonString(name)],
      ["fields", fields],
    ],
  };
}

/** A TApplicationException: its type by name (a number Thrift does not name stays one), and its message. */
export function applicationExceptionJson(type: number, message: string): JsonNode {
  const name = applicationExceptionTypes.get(type);
  const fields: JsonNode = {
    members: [
      ["type", name === undefined ? String(type) : jsonString(name)],
      ["message", jsonString(message)],
    ],
  };
  return exceptionJson("TApplicationException", fields);
}

// Thrift.TApplicationExceptionType is a plain object: names by value, the first of each.
const applicationExceptionTypes = new Map<number, string>();
for (const [name, value] of Object.entries(Thrift.TApplicationExceptionType)) {
  if (typeof value === "number" && !applicationExceptionTypes.has(value)) applicationExceptionTypes.set(value, name);
}
