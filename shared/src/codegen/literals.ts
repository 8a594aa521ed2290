// Values of IDL literals, as the Apache compiler reads them.
import { SyntaxType, type DoubleConstant, type IntConstant, type StringLiteral } from "./idl/ast";
import type { Value } from "./model";

/** A decimal or hexadecimal integer, with its sign. */
export function integerValue(constant: IntConstant): bigint {
  const text = constant.value.value;
  const negative = text.startsWith("-");
  const magnitude = BigInt(negative || text.startsWith("+") ? text.slice(1) : text);
  return negative ? -magnitude : magnitude;
}

export function doubleValue(constant: DoubleConstant): number {
  return Number(constant.value.value);
}

/** The parser has applied the escapes Apache's compiler reads (\\n \\r \\t \\" \\' \\\\). */
export function stringValue(literal: StringLiteral): string {
  return literal.value;
}

/** The values each integer type can hold. */
export const integerRanges = {
  byte: [-(2n ** 7n), 2n ** 7n - 1n],
  i16: [-(2n ** 15n), 2n ** 15n - 1n],
  i32: [-(2n ** 31n), 2n ** 31n - 1n],
  i64: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

export function inRange(value: bigint, kind: keyof typeof integerRanges): boolean {
  const [min, max] = integerRanges[kind];
  return value >= min && value <= max;
}

// In braces too, as Apache's compiler reads uuid constants (its ConstantsDemo.thrift).
const uuidPattern = /^(\{?)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\}?)$/i;

/** A uuid constant's value, lower case and without braces; undefined if `value` is not one. */
export function uuidValue(value: Value): string | undefined {
  const match = value.type === SyntaxType.StringLiteral ? uuidPattern.exec(value.value) : null;
  if (match === null || match[1]!.length !== match[3]!.length) return undefined;
  return match[2]!.toLowerCase();
}

/** `[...]`'s elements; `{}` is an empty list or set too, as Apache's compiler reads it. */
export function elementsOf(value: Value): readonly Value[] | undefined {
  if (value.type === SyntaxType.ConstList) return value.elements;
  if (value.type === SyntaxType.ConstMap && value.properties.length === 0) return [];
  return undefined;
}
