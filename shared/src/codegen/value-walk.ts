// One walk over an IDL value (a const's, or a field's default) against its declared type,
// with every check Apache's compiler makes. The generator builds TypeScript expressions
// with it (emit-values.ts), the run-time evaluator values (dynamic/values.ts), so the two
// accept and refuse the same IDLs, with the same messages.
import type { TextLocation } from "./idl/ast";
import { SyntaxType } from "./idl/ast";
import { idlName, typeText } from "./idl-text";
import { doubleValue, elementsOf, inRange, integerValue, stringValue, uuidValue } from "./literals";
import type { ConstReference, EnumDefinition, Idl, TypeRef, Value } from "./model";

type Of<K extends TypeRef["kind"]> = Extract<TypeRef, { readonly kind: K }>;
type Collection = Extract<TypeRef, { readonly element: TypeRef }>;
export type IntegerKind = "byte" | "i16" | "i32" | "i64";
type EnumMember = EnumDefinition["members"][number];

/** What a checked value becomes, part by part: each gets the parts already built. */
export interface ValueBuilder<T> {
  bool(value: boolean): T;
  /** Within `kind`'s range. */
  integer(value: bigint, kind: IntegerKind): T;
  /** Possibly an infinity (a literal too large) or -0. */
  double(value: number): T;
  string(value: string): T;
  binary(value: string): T;
  /** Lower case, without braces. */
  uuid(value: string): T;
  enumMember(type: Of<"enum">, member: EnumMember): T;
  list(type: Collection, elements: T[]): T;
  set(type: Collection, elements: T[]): T;
  map(type: Of<"map">, entries: (readonly [T, T])[]): T;
  /**
   * Each field given at most once, in the order written, every required one among them;
   * then the others that have a default, with it, in their order.
   */
  struct(name: string, fields: (readonly [string, T])[]): T;
  union(name: string, field: string, value: T): T;
  /**
   * A constant named where a value of `type` is wanted: what to make of the name itself,
   * or undefined to check and build the constant's value in its place.
   */
  named?(reference: ConstReference, type: TypeRef): T | undefined;
}

export interface ValueWalk<T> {
  readonly idl: Idl;
  readonly build: ValueBuilder<T>;
  /**
   * Reports a value that does not fit; never returns. `message` starts with where the
   * value is (`Point.x: …`), `at` is where to point in the IDL: the value, or the name of
   * the constant through which it was reached.
   */
  readonly fail: (at: TextLocation, message: string) => never;
}

/** `value` checked against `type` and built; `where` names it in messages (`ORIGIN.x`). */
export function walkValue<T>(walk: ValueWalk<T>, value: Value, type: TypeRef, where: string, at?: TextLocation): T {
  const { idl, build } = walk;
  const fail = (message: string): never => walk.fail(at ?? value.loc, `${where}: ${message}`);
  const expected = (what: string): never => fail(`expected ${what} for ${typeText(type)}`);
  const each = (item: Value, itemType: TypeRef, itemWhere: string) => walkValue(walk, item, itemType, itemWhere, at);

  if (value.type === "ConstReference") {
    // Apache's compiler wants a struct, union or exception value written out wherever the
    // type is one by its own name (through a typedef it lets a constant be named).
    if (type.kind === "struct" && type.alias === undefined) {
      const name = idlName(value.definition.name);
      return fail(`${name} is a constant: a value of ${idlName(type.name)} is written out, { "field": value, ... }`);
    }
    const named = build.named?.(value, type);
    if (named !== undefined) return named;
    // Apache's compiler puts the constant's value in place of its name, then checks that
    // value against the type wanted: a list<i32> constant may give [1, 2, 3] to a list<i64>.
    const referenced = value.definition;
    const shown = `${idlName(referenced.name)} is not a const of type ${typeText(type)}`;
    const refused = assignable(referenced.type, type) ? walk : { ...walk, fail: () => fail(shown) };
    return walkValue(refused, referenced.value, type, where, at ?? value.loc);
  }
  if (value.type === "EnumReference") {
    if (type.kind === "enum") {
      const member = enumNamed(idl, type).members.find((m) => m.name === value.member);
      return member === undefined
        ? fail(`enum ${idlName(type.name)} has no member ${value.member}`)
        : build.enumMember(type, member);
    }
    if (value.value === undefined) return fail(`${value.text} is not a constant or an enum value`);
    if (isNumber(type)) return numberValue(build, BigInt(value.value), type, fail);
    return fail(`${value.text} is not a ${typeText(type)}`);
  }

  switch (type.kind) {
    case "bool":
      if (value.type === SyntaxType.BooleanLiteral) return build.bool(value.value);
      if (value.type === SyntaxType.IntConstant) {
        const number = integerValue(value);
        if (number === 0n || number === 1n) return build.bool(number === 1n);
      }
      return expected("true, false, 0 or 1");
    case "byte":
    case "i16":
    case "i32":
    case "i64":
    case "double":
      if (value.type === SyntaxType.IntConstant) return numberValue(build, integerValue(value), type, fail);
      if (value.type === SyntaxType.DoubleConstant && type.kind === "double") return build.double(doubleValue(value));
      return expected(type.kind === "double" ? "a number" : "an integer");
    case "string":
      if (value.type !== SyntaxType.StringLiteral) return expected("a string");
      return build.string(stringValue(value));
    case "binary":
      if (value.type !== SyntaxType.StringLiteral) return expected("a string");
      return build.binary(stringValue(value));
    case "uuid":
      return build.uuid(uuidValue(value) ?? expected("a UUID string"));
    case "enum": {
      // An enum member is named (above) or given by its value.
      const member =
        value.type === SyntaxType.IntConstant
          ? enumNamed(idl, type).members.find((m) => BigInt(m.value) === integerValue(value))
          : undefined;
      return member === undefined ? fail(`expected a member of ${idlName(type.name)}`) : build.enumMember(type, member);
    }
    case "list":
    case "set": {
      const items = elementsOf(value) ?? expected("a list [...]");
      const elements = items.map((item, i) => each(item, type.element, `${where}[${i}]`));
      return type.kind === "list" ? build.list(type, elements) : build.set(type, elements);
    }
    case "map": {
      if (value.type !== SyntaxType.ConstMap) return expected("a map {...}");
      const entries = value.properties.map(
        (property, i) =>
          [
            each(property.name, type.key, `${where} key ${i}`),
            each(property.initializer, type.value, `${where} value ${i}`),
          ] as const,
      );
      return build.map(type, entries);
    }
    case "struct":
      return structValue(walk, value, type.name, where, fail, at);
  }
}

function structValue<T>(
  walk: ValueWalk<T>,
  value: Value,
  name: string,
  where: string,
  fail: (message: string) => never,
  at: TextLocation | undefined,
): T {
  const definition = walk.idl.byName.get(name);
  const shown = idlName(name);
  if (definition?.kind === "exception") {
    return fail(
      `${shown} is an exception: only structs and unions can be constants (an exception is made where it is thrown)`,
    );
  }
  if (definition?.kind !== "struct" && definition?.kind !== "union") {
    return fail(`${shown} is ${definition?.kind ?? "unknown"}: only structs and unions can be constants`);
  }
  if (value.type !== SyntaxType.ConstMap) return fail(`expected { "field": value, ... } for ${shown}`);
  const fields: (readonly [string, T])[] = [];
  for (const property of value.properties) {
    const key = property.name.type === SyntaxType.StringLiteral ? property.name.value : undefined;
    const field = definition.fields.find((f) => f.name === key);
    if (field === undefined) return fail(`${shown} has no field ${key ?? "of that name"}`);
    if (fields.some(([given]) => given === field.name)) return fail(`${shown}.${field.name} is given twice`);
    fields.push([field.name, walkValue(walk, property.initializer, field.type, `${where}.${field.name}`, at)]);
  }
  if (definition.kind === "union") {
    if (fields.length !== 1) return fail(`union ${shown} needs exactly one field`);
    const [[field, fieldValue]] = fields as [readonly [string, T]];
    return walk.build.union(name, field, fieldValue);
  }
  const given = (field: { name: string }) => fields.some(([name]) => name === field.name);
  const missing = definition.fields.find((f) => f.requiredness === "required" && !given(f));
  if (missing !== undefined) return fail(`required field ${shown}.${missing.name} is missing`);
  // A field left out that has a default holds it, as a decoded struct does (and an Apache
  // constructor): the constant is what its own bytes decode to. (A default cannot hold a
  // value of its own struct, which is not declared before itself: this ends.)
  for (const field of definition.fields) {
    if (field.defaultValue === undefined || field.requiredness === "required" || given(field)) continue;
    const fallback = walkValue(walk, field.defaultValue, field.type, `${shown}.${field.name}`, at ?? value.loc);
    fields.push([field.name, fallback]);
  }
  return walk.build.struct(name, fields);
}

function numberValue<T>(build: ValueBuilder<T>, number: bigint, type: TypeRef, fail: (message: string) => never): T {
  if (type.kind === "double") return build.double(Number(number));
  const kind = type.kind as IntegerKind;
  if (!inRange(number, kind)) return fail(`${number} does not fit in ${kind}`);
  return build.integer(number, kind);
}

function enumNamed(idl: Idl, type: Of<"enum">): EnumDefinition {
  const definition = idl.byName.get(type.name);
  if (definition?.kind !== "enum") throw new Error(`${idl.file}: enum ${type.name} is not resolved`);
  return definition;
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
 * Whether a constant of type `from` gives its value to one of type `to` whatever that
 * value is: integers to any number, and lists and sets to each other (both are written
 * `[...]`). Otherwise its value is checked against `to`, as Apache's compiler does.
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
