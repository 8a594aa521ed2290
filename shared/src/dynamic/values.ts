// IDL values (field defaults, and the constants they name) as run-time values of the
// shapes generated code uses (docs/codegen.md): i64 as bigint, binary as Buffer, sets
// and maps as Set and Map (ThriftSet, ThriftMap for keys compared by value), unions as
// `{ case, value }`. Each evaluation makes a fresh value, as a default must be: a
// decoded struct never shares its default with another. The checks are the generator's
// own walk (codegen/value-walk.ts), so an IDL it refuses fails here too, with its message.
import { IdlError } from "../codegen/errors";
import type { Idl, TypeRef, Value } from "../codegen/model";
import { comparedByValue } from "../codegen/ts-type";
import { type ValueBuilder, walkValue } from "../codegen/value-walk";
import { ThriftMap, ThriftSet } from "../core/keyed";

const values: ValueBuilder<unknown> = {
  bool: (value) => value,
  integer: (value, kind) => (kind === "i64" ? value : Number(value)),
  double: (value) => value,
  string: (value) => value,
  binary: (value) => Buffer.from(value),
  uuid: (value) => value,
  enumMember: (_type, member) => member.value,
  list: (_type, elements) => elements,
  set: (type, elements) => (comparedByValue(type.element) ? new ThriftSet(elements) : new Set(elements)),
  map: (type, entries) => (comparedByValue(type.key) ? new ThriftMap(entries) : new Map(entries)),
  struct: (_name, fields) => Object.fromEntries(fields),
  union: (_name, field, value) => ({ case: field, value }),
};

/** `value` as a run-time value of `type`; `where` names it in errors (`Point.x`). Throws an `IdlError` if it does not fit. */
export function evaluate(idl: Idl, value: Value, type: TypeRef, where: string): unknown {
  const fail = (_at: unknown, message: string): never => {
    throw new IdlError(`${idl.file}: ${message}`);
  };
  return walkValue({ idl, build: values, fail }, value, type, where);
}
