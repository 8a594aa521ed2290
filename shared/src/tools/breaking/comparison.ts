// The state of one OLD/NEW comparison: the changes found so far, and the pairs of
// structs (and enums) met in the same place on both sides, each compared once.
//
// Types are compared by wire shape, not by name: a field of struct `A` that is of
// struct `B` in NEW pairs `A` with `B`, whose fields are then compared, so a renamed
// struct, or one moved to an included file, is no break unless its fields are.
import type { TypeRef } from "../../codegen/model";
import type { Change, Place, RuleName } from "./rules";
import { bareName, typeText } from "../../codegen/idl-text";
import type { Side } from "./side";

/** `same`: the same type; `compatible`: spelled otherwise, the same bytes; `incompatible`: other bytes. */
export type Verdict = "same" | "compatible" | "incompatible";

export class Comparison {
  readonly changes: Change[] = [];
  /** NEW counterparts of each OLD struct or enum, by name. */
  private readonly counterparts = new Map<string, Set<string>>();
  /** NEW structs and enums that are the counterpart of some OLD one. */
  private readonly matched = new Set<string>();
  private readonly queue: (readonly [string, string])[] = [];

  readonly old: Side;
  readonly new: Side;

  constructor(old: Side, now: Side) {
    this.old = old;
    this.new = now;
  }

  report(rule: RuleName, place: Place, subject: string, detail: string): void {
    this.changes.push({ rule, place, subject, detail });
  }

  /** Pairs two structs, or two enums, to be compared (once) by `drain`. */
  pair(oldName: string, newName: string): void {
    let set = this.counterparts.get(oldName);
    if (set === undefined) {
      set = new Set();
      this.counterparts.set(oldName, set);
    }
    if (set.has(newName)) return;
    set.add(newName);
    this.matched.add(newName);
    this.queue.push([oldName, newName]);
  }

  hasCounterpart(oldName: string): boolean {
    return this.counterparts.has(oldName);
  }

  isMatched(newName: string): boolean {
    return this.matched.has(newName);
  }

  /** Compares every pair met, and the pairs those comparisons meet, until none is left. */
  drain(comparePair: (oldName: string, newName: string) => void): void {
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) comparePair(...next);
  }

  /** Whether OLD's type `oldName` is NEW's `newName` renamed: neither name is found on the other side. */
  isRename(oldName: string, newName: string): boolean {
    return (
      bareName(oldName) !== bareName(newName) && !this.new.has(bareName(oldName)) && !this.old.has(bareName(newName))
    );
  }

  /** Whether a value of type `a` and one of type `b` have the same bytes; pairs the structs and enums inside. */
  compareTypes(a: TypeRef, b: TypeRef): Verdict {
    const spelled: Verdict = a.alias === b.alias ? "same" : "compatible";
    if ((a.kind === "struct" && b.kind === "struct") || (a.kind === "enum" && b.kind === "enum")) {
      this.pair(a.name, b.name);
      // A renamed type is reported once, as a rename; one type in place of another that
      // still exists is reported where it is used.
      return bareName(a.name) === bareName(b.name) || this.isRename(a.name, b.name) ? spelled : "compatible";
    }
    // An enum is an i32 on the wire, in every protocol.
    if (isI32(a) && isI32(b) && a.kind !== b.kind) return "compatible";
    switch (a.kind) {
      case "list":
      case "set":
        return b.kind === a.kind ? worst(spelled, this.compareTypes(a.element, b.element)) : "incompatible";
      case "map":
        return b.kind === "map"
          ? worst(spelled, this.compareTypes(a.key, b.key), this.compareTypes(a.value, b.value))
          : "incompatible";
      default:
        return a.kind === b.kind ? spelled : "incompatible";
    }
  }
}

function isI32(type: TypeRef): boolean {
  return type.kind === "i32" || type.kind === "enum";
}

function worst(...verdicts: Verdict[]): Verdict {
  if (verdicts.includes("incompatible")) return "incompatible";
  return verdicts.includes("compatible") ? "compatible" : "same";
}

/**
 * Why two types differ, when the names alone do not say: a typedef of the same name that
 * names another type (`T is i32 in OLD, i64 in NEW`); string and binary, which differ only
 * in JSON.
 */
export function typeNote(a: TypeRef, b: TypeRef): string {
  if (a.alias !== undefined && a.alias === b.alias) {
    const [was, is] = [typeText(withoutTypedefs(a)), typeText(withoutTypedefs(b))];
    if (was !== is) return ` (${bareName(a.alias)} is ${was} in OLD, ${is} in NEW)`;
  }
  const kinds = new Set([a.kind, b.kind]);
  if (kinds.has("string") && kinds.has("binary"))
    return " (the same bytes in binary and compact, but binary is base64 in JSON)";
  if ((a.kind === "list" || a.kind === "set") && a.kind === b.kind) return typeNote(a.element, b.element);
  if (a.kind === "map" && b.kind === "map") return typeNote(a.key, b.key) || typeNote(a.value, b.value);
  return "";
}

/** The type with every typedef name left out, down to its elements: what it is on the wire. */
function withoutTypedefs(type: TypeRef): TypeRef {
  const { alias: _alias, ...plain } = type;
  switch (plain.kind) {
    case "list":
    case "set":
      return { ...plain, element: withoutTypedefs(plain.element) };
    case "map":
      return { ...plain, key: withoutTypedefs(plain.key), value: withoutTypedefs(plain.value) };
    default:
      return plain;
  }
}

/** A type as the IDL writes it (`list<Point>`, `UserId`), or `void` for no type. */
export function describeType(type: TypeRef | undefined): string {
  return type === undefined ? "void" : typeText(type);
}
