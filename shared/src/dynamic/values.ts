// IDL values (field defaults, and the constants they name) as run-time values of the
// shapes generated code uses (docs/codegen.md): i64 as bigint, binary as Buffer, sets
// and maps as Set and Map (ThriftSet, ThriftMap for keys compared by value), unions as
// `{ case, value }`. Each evaluation makes a fresh value, as a default must be: a
// decoded struct never shares its default with another. The checks are those of the
// generator's (codegen/emit-values.ts), so an IDL it refuses fails here too.
import { IdlError } from "../codegen/errors";
import { SyntaxType } from "../codegen/idl/ast";
import { assignable, isNumber } from "../codegen/emit-values";
import { doubleValue, elementsOf, inRange, integerValue, stringValue, uuidValue } from "../codegen/literals";
import type { Idl, TypeRef, Value } from "../codegen/model";
import { comparedByValue } from "../codegen/ts-type";
import { ThriftMap, ThriftSet } from "../core/keyed";
import { enumNamed, idlName, typeText } from "./model";

/** `value` as a run-time value of `type`; `where` names it in errors (`Point.x`). Throws an `IdlError` if it does not fit. */
export function evaluate(idl: Idl, value: Value, type: TypeRef, where: string): unknown {
  const fail = (message: string): never => {
    throw new IdlError(`${idl.file}: ${where}: ${message}`);
  };
  const expected = (what: string): never => fail(`expected ${what} for ${typeText(type)}`);

  if (value.type === "ConstReference") {
    const referenced = value.definition;
    if (!assignable(referenced.type, type))
      fail(`${idlName(referenced.name)} is not a const of type ${typeText(type)}`);
    return evaluate(idl, referenced.value, type, where);
  }
  if (value.type === "EnumReference") {
    if (type.kind === "enum") {
      const member = enumNamed(idl, type.name).members.find((m) => m.name === value.member);
      return member?.value ?? fail(`enum ${idlName(type.name)} has no member ${value.member}`);
    }
    if (value.value === undefined) return fail(`${value.text} is not a constant or an enum value`);
    if (isNumber(type)) return numberValue(BigInt(value.value), type, fail);
    return fail(`${value.text} is not a ${typeText(type)}`);
  }

  switch (type.kind) {
    case "bool":
      if (value.type === SyntaxType.BooleanLiteral) return value.value;
      if (value.type === SyntaxType.IntConstant) {
        const number = integerValue(value);
        if (number === 0n || number === 1n) return number === 1n;
      }
      return expected("true, false, 0 or 1");
    case "byte":
    case "i16":
    case "i32":
    case "i64":
      if (value.type !== SyntaxType.IntConstant) return expected("an integer");
      return numberValue(integerValue(value), type, fail);
    case "double":
      if (value.type === SyntaxType.IntConstant) return Number(integerValue(value));
      if (value.type === SyntaxType.DoubleConstant) return doubleValue(value);
      return expected("a number");
    case "string":
      if (value.type !== SyntaxType.StringLiteral) return expected("a string");
      return stringValue(value);
    case "binary":
      if (value.type !== SyntaxType.StringLiteral) return expected("a string");
      return Buffer.from(stringValue(value));
    case "uuid":
      return uuidValue(value) ?? expected("a UUID string");
    case "enum": {
      const member =
        value.type === SyntaxType.IntConstant
          ? enumNamed(idl, type.name).members.find((m) => BigInt(m.value) === integerValue(value))
          : undefined;
      return member?.value ?? fail(`expected a member of ${idlName(type.name)}`);
    }
    case "list": {
      const items = elementsOf(value) ?? expected("a list [...]");
      return items.map((element, i) => evaluate(idl, element, type.element, `${where}[${i}]`));
    }
    case "set": {
      const items = elementsOf(value) ?? expected("a list [...]");
      const elements = items.map((element, i) => evaluate(idl, element, type.element, `${where}[${i}]`));
      return comparedByValue(type.element) ? new ThriftSet(elements) : new Set(elements);
    }
    case "map": {
      if (value.type !== SyntaxType.ConstMap) return expected("a map {...}");
      const entries = value.properties.map(
        (property, i) =>
          [
            evaluate(idl, property.name, type.key, `${where} key ${i}`),
            evaluate(idl, property.initializer, type.value, `${where} value ${i}`),
          ] as const,
      );
      return comparedByValue(type.key) ? new ThriftMap(entries) : new Map(entries);
    }
    case "struct":
      return structValue(idl, value, type.name, where, fail);
  }
}

function structValue(idl: Idl, value: Value, name: string, where: string, fail: (message: string) => never): unknown {
  const definition = idl.byName.get(name);
  if (definition?.kind !== "struct" && definition?.kind !== "union") {
    return fail(`${idlName(name)} is ${definition?.kind ?? "unknown"}: only structs and unions can be constants`);
  }
  if (value.type !== SyntaxType.ConstMap) return fail(`expected { "field": value, ... } for ${idlName(name)}`);
  const fields: Record<string, unknown> = {};
  const given: string[] = [];
  for (const property of value.properties) {
    const key = property.name.type === SyntaxType.StringLiteral ? property.name.value : undefined;
    const field = definition.fields.find((f) => f.name === key);
    if (field === undefined) return fail(`${idlName(name)} has no field ${key ?? "of that name"}`);
    if (given.includes(field.name)) return fail(`${idlName(name)}.${field.name} is given twice`);
    given.push(field.name);
    fields[field.name] = evaluate(idl, property.initializer, field.type, `${where}.${field.name}`);
  }
  if (definition.kind === "union") {
    if (given.length !== 1) return fail(`union ${idlName(name)} needs exactly one field`);
    return { case: given[0], value: fields[given[0]!] };
  }
  const missing = definition.fields.find((f) => f.requiredness === "required" && !given.includes(f.name));
  if (missing !== undefined) fail(`required field ${idlName(name)}.${missing.name} is missing`);
  return fields;
}

function numberValue(number: bigint, type: TypeRef, fail: (message: string) => never): number | bigint {
  if (type.kind === "double") return Number(number);
  if (!inRange(number, type.kind as "byte" | "i16" | "i32" | "i64"))
    return fail(`${number} does not fit in ${type.kind}`);
  return type.kind === "i64" ? number : Number(number);
}
