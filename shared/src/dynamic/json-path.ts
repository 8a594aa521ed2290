// Where in a JSON value a problem is, and how it is said: `req.items[2].key: expected a
// string, got 42`. Shared by both directions of the JSON mapping (json-read.ts, json-write.ts).

/** A value that does not fit its Thrift type, at `path`. */
export class JsonValueError extends Error {
  override readonly name = "JsonValueError";

  constructor(
    /** Where the value is: `req.items[2].key`; the empty string for the whole value. */
    readonly path: string,
    /** What is wrong with it. */
    readonly problem: string,
  ) {
    super(path === "" ? problem : `${path}: ${problem}`);
  }
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The path of member `name` of the object at `path`: `req.msg`, or `names["a b"]`. */
export function memberPath(path: string, name: string): string {
  if (!identifier.test(name)) return `${path}[${JSON.stringify(name)}]`;
  return path === "" ? name : `${path}.${name}`;
}

/** The path of element `index` of the array at `path`: `items[2]`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** A JSON value as a message names it: `42`, `"abc"`, `an object`, `null`. */
export function describeJson(json: unknown): string {
  if (json === null) return "null";
  if (Array.isArray(json)) return "an array";
  switch (typeof json) {
    case "string":
      return JSON.stringify(json.length > 40 ? `${json.slice(0, 40)}…` : json);
    case "number":
    case "boolean":
    case "bigint":
      return String(json);
    case "object":
      return "an object";
    default:
      return typeof json;
  }
}
