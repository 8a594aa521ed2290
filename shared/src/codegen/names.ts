// Which IDL names can become TypeScript names. Thrift allows words that are keywords
// in TypeScript. Fields keep their IDL names (any identifier can name a property);
// parameters are renamed where needed; a definition TypeScript cannot declare under
// its name is declared under another and exported under its own; what generated code
// uses itself is kept clear of the IDL's names in imports.ts.

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// Words that cannot name a binding in a TypeScript module (which is strict mode code):
// the reserved words, the strict-mode ones, `await` in modules, `arguments` and `eval`.
// Also the words a new service may not be named (scaffold/names.ts).
export const reservedBindings: ReadonlySet<string> = new Set([
  "await",
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "implements",
  "import",
  "in",
  "instanceof",
  "interface",
  "let",
  "new",
  "null",
  "package",
  "private",
  "protected",
  "public",
  "return",
  "static",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "yield",
  "arguments",
  "eval",
]);

// Predefined type names cannot name an interface, enum or type alias.
const typeNames = new Set([
  "any",
  "bigint",
  "boolean",
  "never",
  "number",
  "object",
  "string",
  "symbol",
  "undefined",
  "unknown",
]);

// Generated code reaches globals through it when the module declares a global's name;
// and TypeScript refuses a class named Object. The rest are the parameters of the function
// Node wraps a CommonJS module in, which the project's packages compile to: a module
// declaring one fails to compile (`exports`, `require`) or to load (`module`).
const otherwise = new Set([
  "globalThis",
  "Object",
  "exports",
  "require",
  "module",
  "__filename",
  "__dirname",
  "__esModule",
]);

// Handlers take `ctx` and clients take `options` after the IDL arguments.
const lastParameters = new Set(["ctx", "options"]);

/**
 * The name a definition of the IDL is declared under in its module: its own, or with
 * `$` appended where TypeScript cannot declare that name (a reserved word, `arguments`,
 * `eval`, a predefined type's name, `globalThis`, `Object`, CommonJS's `exports`,
 * `require`, `module`, `__filename`, `__dirname`). The module exports it
 * under its own name all the same, so other modules and users name it as the IDL
 * does (`types.class`, `import { class as Class }`). Thrift names cannot contain `$`.
 */
export function bindingName(name: string): string {
  return reservedBindings.has(name) || typeNames.has(name) || otherwise.has(name) ? `${name}$` : name;
}

/** The name a declaration is exported under: its own, without the `$` of `bindingName`. */
export function exportName(binding: string): string {
  return binding.replace("$", "");
}

// What every object inherits from Object.prototype (listed, not read from the running
// Node, so that the output does not depend on its version).
const inherited = new Set([
  "constructor",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toString",
  "valueOf",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
]);

/** Whether every object has a member of this name (`toString`). */
export function inheritedFromObject(name: string): boolean {
  return inherited.has(name);
}

/**
 * Why a definition of kind `kind` cannot be named `name`, or undefined if it can: what its
 * module exports under that name would not be that definition.
 */
export function definitionNameProblem(kind: string, name: string): string | undefined {
  // `exports.__proto__ = …` sets the prototype of the module's exports instead.
  if (name === "__proto__") return `"__proto__" cannot name a definition: its export would set a prototype`;
  // TypeScript's CommonJS output marks every module with it.
  if (name === "__esModule") return `"__esModule" cannot name a definition: CommonJS modules mark themselves with it`;
  // An exception is a class: a module exporting a function named `then` is a thenable,
  // and `await import()` calls it.
  if (kind === "exception" && name === "then") {
    return `an exception named "then" would make its module a thenable, which await import() calls`;
  }
  return undefined;
}

/** Why `name` cannot name an enum member, a union member or a method, or undefined if it can. */
export function memberNameProblem(name: string): string | undefined {
  if (!identifier.test(name)) return `"${name}" is not a valid TypeScript property name`;
  // Assigning obj.__proto__ sets the prototype instead of a property.
  if (name === "__proto__") return `"__proto__" cannot be the name of a JavaScript property`;
  return undefined;
}

/**
 * Why `name` cannot name a field of a struct or exception, a parameter or a thrown
 * exception, or undefined if it can. Besides the members' problems: a field every
 * object already has (`toString`) would read as set when it is not, and TypeScript
 * would not let a value leave it out.
 */
export function fieldNameProblem(name: string): string | undefined {
  if (inherited.has(name)) {
    return `every JavaScript object has a "${name}" (Object.prototype.${name}): a field of that name could not be left unset`;
  }
  return memberNameProblem(name);
}

/**
 * The parameter names of handler and client signatures, in order: each IDL name,
 * with `_` appended while it is a reserved word, `ctx` or `options`, or already taken.
 * Only signatures use them; the arguments keep their IDL names on the wire and in
 * the args struct.
 */
export function parameterNames(names: readonly string[]): string[] {
  const taken = new Set(names);
  return names.map((name) => {
    if (!reservedBindings.has(name) && !lastParameters.has(name)) return name;
    let safe = `${name}_`;
    while (taken.has(safe)) safe += "_";
    taken.add(safe);
    return safe;
  });
}
