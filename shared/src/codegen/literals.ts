// Values of IDL literals, as the Apache compiler reads them.
import type { DoubleConstant, IntConstant, StringLiteral } from "./idl/ast";

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
