// IDL constant values (consts and field defaults) as TypeScript expressions, checked
// against their declared type by the walk the run-time evaluator shares (value-walk.ts):
// a default that does not fit is an IDL error, not a surprise at run time.
import { IdlError, located } from "./errors";
import { array, call, object, wrap, type Expr } from "./expr";
import type { TextLocation } from "./idl/ast";
import type { Imports } from "./imports";
import type { Idl, TypeRef, Value } from "./model";
import { comparedByValue, constType, tsType } from "./ts-type";
import { sameType, type ValueBuilder, walkValue } from "./value-walk";

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
  const fail = (at: TextLocation, message: string): never => {
    throw new IdlError(located(ctx.idl.file, at, message));
  };
  return walkValue({ idl: ctx.idl, build: expressions(ctx), fail }, value, type, where, ctx.at);
}

/**
 * Checks `value` against `type` as `constValue` does, emitting nothing: for a value that
 * is never used, a required field's default (the field must be sent), which Apache's
 * compiler checks all the same.
 */
export function checkValue(idl: Idl, value: Value, type: TypeRef, where: string): void {
  const fail = (at: TextLocation, message: string): never => {
    throw new IdlError(located(idl.file, at, message));
  };
  walkValue({ idl, build: nothing, fail }, value, type, where);
}

/** Builds nothing: every part is checked by the walk and dropped. */
const nothing: ValueBuilder<undefined> = {
  bool: () => undefined,
  integer: () => undefined,
  double: () => undefined,
  string: () => undefined,
  binary: () => undefined,
  uuid: () => undefined,
  enumMember: () => undefined,
  list: () => undefined,
  set: () => undefined,
  map: () => undefined,
  struct: () => undefined,
  union: () => undefined,
};

/** The expression of each part of a checked value, in `ctx`'s mode. */
function expressions(ctx: ValueContext): ValueBuilder<Expr> {
  const { imports } = ctx;
  const freeze = (expr: Expr): Expr => (ctx.mode === "const" ? call(`${imports.global("Object")}.freeze`, expr) : expr);
  return {
    bool: (value) => String(value),
    integer: (value, kind) => (kind === "i64" ? `${value}n` : String(value)),
    // String(-0) is "0"; a literal too large for a double is an infinity.
    double: (value) =>
      Number.isFinite(value)
        ? Object.is(value, -0)
          ? "-0"
          : String(value)
        : `${value < 0 ? "-" : ""}${imports.global("Infinity")}`,
    string: (value) => JSON.stringify(value),
    // Buffers cannot be frozen: a binary constant stays a Buffer.
    binary: (value) => `${imports.global("Buffer")}.from(${JSON.stringify(value)})`,
    uuid: (value) => JSON.stringify(value),
    enumMember: (type, member) => `${type.name}.${member.name}`,
    list: (_type, elements) => freeze(array(elements)),
    set: (type, elements) =>
      collection(ctx, comparedByValue(type.element) ? "ThriftSet" : "Set", [type.element], array(elements)),
    map: (type, entries) =>
      collection(
        ctx,
        comparedByValue(type.key) ? "ThriftMap" : "Map",
        [type.key, type.value],
        array(entries.map((entry) => array([...entry]))),
      ),
    struct: (_name, fields) => freeze(object(fields.map(([name, value]) => [name, value]))),
    union: (_name, field, value) =>
      freeze(
        object([
          ["case", JSON.stringify(field)],
          ["value", value],
        ]),
      ),
    // A constant may name any constant it refers to, since those are declared before it; a
    // default only one it cannot change, since it must be a fresh value. Else its value
    // again, in this context's mode.
    named: (reference, type) =>
      (ctx.mode === "const" || !comparedByValue(type)) && sameType(reference.definition.type, type)
        ? reference.definition.name
        : undefined,
  };
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
