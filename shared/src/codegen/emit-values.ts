// IDL constant values (consts and field defaults) as TypeScript expressions, checked
// against their declared type: a default that does not fit is an IDL error, not a
// surprise at run time.
import { IdlError, located } from "./errors";
import { array, call, object, wrap, type Expr } from "./expr";
import type { Imports } from "./imports";
import { SyntaxType, type TextLocation } from "./idl/ast";
import { doubleValue, elementsOf, inRange, integerValue, stringValue, uuidValue } from "./literals";
import type { ConstReference, EnumReference, Idl, TypeRef, Value } from "./model";
import { comparedByValue, constType, tsType } from "./ts-type";

/**
 * How a value is emitted. A constant (`const`) is frozen and may name the constants
 * it refers to (declared before it, as Apache's compiler requires). A default
 * (`fresh`) is a new mutable value each time it is evaluated, so a decoded struct
 * never shares its default with another one.
 */
export interface ValueContext {
  readonly idl: Idl;
  readonly imports: Imports;
  readonly mode: "const" | "fresh";
  /**
   * Where a constant named by the value being emitted was named: its value is
   * emitted again here, and its mistakes are reported at the name.
   */
  readonly at?: TextLocation;
}

/** `value` as a TypeScript expression of `type`; `where` names it in errors. */
export function constValue(ctx: ValueContext, value: Value, type: TypeRef, where: string): Expr {
  const fail = (message: string): never => {
    throw new IdlError(located(ctx.idl.file, ctx.at ?? value.loc, `${where}: ${message}`));
  };
  const expected = (what: string): never => fail(`expected ${what} for ${describe(type)}`);
  const freeze = (expr: Expr): Expr =>
    ctx.mode === "const" ? call(`${ctx.imports.global("Object")}.freeze`, expr) : expr;

  if (value.type === "ConstReference") return constReference(ctx, value, type, where, fail);
  if (value.type === "EnumReference") return enumReference(ctx, value, type, fail);

  switch (type.kind) {
    case "bool":
      if (value.type === SyntaxType.BooleanLiteral) return String(value.value);
      if (value.type === SyntaxType.IntConstant) {
        const number = integerValue(value);
        if (number === 0n || number === 1n) return String(number === 1n);
      }
      return expected("true, false, 0 or 1");
    case "byte":
    case "i16":
    case "i32":
    case "i64":
      if (value.type !== SyntaxType.IntConstant) return expected("an integer");
      return numberValue(integerValue(value), type, fail);
    case "double": {
      let number: number;
      if (value.type === SyntaxType.IntConstant) number = Number(integerValue(value));
      else if (value.type === SyntaxType.DoubleConstant) number = doubleValue(value);
      else return expected("a number");
      // String(-0) is "0"; a literal too large for a double is an infinity.
      if (!Number.isFinite(number)) return `${number < 0 ? "-" : ""}${ctx.imports.global("Infinity")}`;
      return Object.is(number, -0) ? "-0" : String(number);
    }
    case "string":
      if (value.type !== SyntaxType.StringLiteral) return expected("a string");
      return JSON.stringify(stringValue(value));
    case "binary":
      // Buffers cannot be frozen: a binary constant stays a Buffer.
      if (value.type !== SyntaxType.StringLiteral) return expected("a string");
      return `${ctx.imports.global("Buffer")}.from(${JSON.stringify(stringValue(value))})`;
    case "uuid":
      return JSON.stringify(uuidValue(value) ?? expected("a UUID string"));
    case "enum": {
      // An enum member is named (above) or given by its value.
      const definition = ctx.idl.byName.get(type.name);
      if (definition?.kind !== "enum") throw new Error(`enum ${type.name} is not resolved`);
      const member =
        value.type === SyntaxType.IntConstant
          ? definition.members.find((m) => BigInt(m.value) === integerValue(value))
          : undefined;
      if (member === undefined) return fail(`expected a member of ${type.name}`);
      return `${type.name}.${member.name}`;
    }
    case "list": {
      const items = elementsOf(value) ?? expected("a list [...]");
      const elements = items.map((element, i) => constValue(ctx, element, type.element, `${where}[${i}]`));
      return freeze(array(elements));
    }
    case "set": {
      const items = elementsOf(value) ?? expected("a list [...]");
      const elements = items.map((element, i) => constValue(ctx, element, type.element, `${where}[${i}]`));
      return collection(ctx, comparedByValue(type.element) ? "ThriftSet" : "Set", [type.element], array(elements));
    }
    case "map": {
      if (value.type !== SyntaxType.ConstMap) return expected("a map {...}");
      const entries = value.properties.map((property, i) =>
        array([
          constValue(ctx, property.name, type.key, `${where} key ${i}`),
          constValue(ctx, property.initializer, type.value, `${where} value ${i}`),
        ]),
      );
      return collection(ctx, comparedByValue(type.key) ? "ThriftMap" : "Map", [type.key, type.value], array(entries));
    }
    case "struct":
      return freeze(structValue(ctx, value, type.name, where, fail));
  }
}

function enumReference(ctx: ValueContext, value: EnumReference, type: TypeRef, fail: (message: string) => never): Expr {
  if (type.kind === "enum") {
    const definition = ctx.idl.byName.get(type.name);
    if (definition?.kind !== "enum") throw new Error(`enum ${type.name} is not resolved`);
    if (definition.members.some((member) => member.name === value.member)) return `${type.name}.${value.member}`;
    return fail(`enum ${type.name} has no member ${value.member}`);
  }
  if (value.value === undefined) return fail(`${value.text} is not a constant or an enum value`);
  if (isNumber(type)) return numberValue(BigInt(value.value), type, fail);
  return fail(`${value.text} is not a ${describe(type)}`);
}

function numberValue(number: bigint, type: TypeRef, fail: (message: string) => never): string {
  if (type.kind === "double") return String(Number(number));
  if (!inRange(number, type.kind as "byte" | "i16" | "i32" | "i64"))
    return fail(`${number} does not fit in ${type.kind}`);
  return type.kind === "i64" ? `${number}n` : String(number);
}

/**
 * A constant where a value names it: by name if of the same type and nameable here,
 * else its value again (in this context's mode). A constant may name any constant it
 * refers to, since those are declared before it; a default only one it cannot
 * change, since it must be a fresh value.
 */
function constReference(
  ctx: ValueContext,
  reference: ConstReference,
  type: TypeRef,
  where: string,
  fail: (message: string) => never,
): Expr {
  const referenced = reference.definition;
  const nameable = ctx.mode === "const" || !comparedByValue(type);
  if (nameable && sameType(referenced.type, type)) return referenced.name;
  if (!assignable(referenced.type, type)) return fail(`${referenced.name} is not a const of type ${describe(type)}`);
  return constValue({ ...ctx, at: ctx.at ?? reference.loc }, referenced.value, type, where);
}

/** A Set or Map (native, or compared by value) of these elements; frozen in constants. */
function collection(
  ctx: ValueContext,
  kind: "Set" | "Map" | "ThriftSet" | "ThriftMap",
  types: readonly TypeRef[],
  elements: Expr,
): Expr {
  const { imports } = ctx;
  const typeArgs = types.map((type) => (ctx.mode === "const" ? constType(type, imports) : tsType(type, imports)));
  // A constant is a frozen ThriftMap or ThriftSet whatever its keys: neither Map nor
  // Set can be frozen, and for primitive keys they compare the same way.
  const thrift = ctx.mode === "const" || kind.startsWith("Thrift");
  const name = thrift ? imports.value(kind.endsWith("Set") ? "ThriftSet" : "ThriftMap") : imports.global(kind);
  const created = call(`new ${name}<${typeArgs.join(", ")}>`, elements);
  return ctx.mode === "const" ? wrap("", created, ".freeze()") : created;
}

function structValue(
  ctx: ValueContext,
  value: Value,
  name: string,
  where: string,
  fail: (message: string) => never,
): Expr {
  const definition = ctx.idl.byName.get(name);
  if (definition?.kind !== "struct" && definition?.kind !== "union") {
    return fail(`${name} is ${definition?.kind ?? "unknown"}: only structs and unions can be constants`);
  }
  if (value.type !== SyntaxType.ConstMap) return fail(`expected { "field": value, ... } for ${name}`);
  const given = new Set<string>();
  const properties = value.properties.map((property): [string, Expr] => {
    const key = property.name.type === SyntaxType.StringLiteral ? property.name.value : undefined;
    const field = definition.fields.find((f) => f.name === key);
    if (field === undefined) return fail(`${name} has no field ${key ?? "of that name"}`);
    if (given.has(field.name)) return fail(`${name}.${field.name} is given twice`);
    given.add(field.name);
    return [field.name, constValue(ctx, property.initializer, field.type, `${where}.${field.name}`)];
  });
  if (definition.kind === "union") {
    if (properties.length !== 1) return fail(`union ${name} needs exactly one field`);
    const [[field, fieldValue]] = properties as [[string, Expr]];
    return object([
      ["case", JSON.stringify(field)],
      ["value", fieldValue],
    ]);
  }
  const missing = definition.fields.find((f) => f.requiredness === "required" && !given.has(f.name));
  if (missing !== undefined) fail(`required field ${name}.${missing.name} is missing`);
  return object(properties);
}

export function isNumber(type: TypeRef): boolean {
  return ["byte", "i16", "i32", "i64", "double"].includes(type.kind);
}

export function sameType(a: TypeRef, b: TypeRef): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "enum":
    case "struct":
      return a.name === (b as typeof a).name;
    case "list":
    case "set":
      return sameType(a.element, (b as typeof a).element);
    case "map":
      return sameType(a.key, (b as typeof a).key) && sameType(a.value, (b as typeof a).value);
    default:
      return true;
  }
}

/**
 * Whether a constant of type `from` may give its value to one of type `to`: integers
 * to any number, and lists and sets to each other (both are written `[...]`), as
 * Apache's compiler allows.
 */
export function assignable(from: TypeRef, to: TypeRef): boolean {
  if (sameType(from, to)) return true;
  if (isNumber(from) && from.kind !== "double") return isNumber(to);
  const collections = ["list", "set"];
  return (
    collections.includes(from.kind) &&
    collections.includes(to.kind) &&
    sameType((from as { element: TypeRef }).element, (to as { element: TypeRef }).element)
  );
}

function describe(type: TypeRef): string {
  return type.kind === "enum" || type.kind === "struct" ? type.name : type.kind;
}
