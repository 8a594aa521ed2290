// Which IDL names can become TypeScript names. Thrift allows dots and words that are
// keywords in TypeScript; generated code must not shadow what it uses itself.

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// Words that cannot name a declaration or a parameter in a TypeScript module.
const keywords = new Set([
  "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default",
  "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function",
  "if", "implements", "import", "in", "instanceof", "interface", "let", "new", "null",
  "package", "private", "protected", "public", "return", "static", "super", "switch", "this",
  "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
  // Predefined type names cannot name an interface, enum or type alias.
  "any", "bigint", "boolean", "never", "number", "object", "string", "symbol", "undefined",
  "unknown",
]);

// Globals and imports the generated code refers to: a definition of that name would
// shadow them.
const usedByGeneratedCode = new Set([
  "Buffer", "Error", "Map", "Partial", "Promise", "Record", "Set", "Thrift",
  "CallContext", "CallOptions", "ServiceDefinition", "StructCodec",
  "checkUnion", "readI64", "readList", "readMap", "readSet", "summarize", "unsetFieldError",
  "writeI64", "writeList", "writeMap", "writeSet",
]);

/** Why `name` cannot name a generated declaration, or undefined if it can. */
export function declarationNameProblem(name: string): string | undefined {
  if (!identifier.test(name)) return `"${name}" is not a valid TypeScript identifier`;
  if (keywords.has(name)) return `"${name}" is a reserved word in TypeScript`;
  if (usedByGeneratedCode.has(name)) return `"${name}" is used by the generated code itself`;
  return undefined;
}

/** Why `name` cannot name a method parameter, or undefined if it can. */
export function parameterNameProblem(name: string): string | undefined {
  if (!identifier.test(name)) return `"${name}" is not a valid TypeScript identifier`;
  if (keywords.has(name)) return `"${name}" is a reserved word in TypeScript`;
  // Handlers take `ctx` and clients take `options` after the IDL arguments.
  if (name === "ctx" || name === "options") return `"${name}" is the name of the generated last parameter`;
  return undefined;
}
