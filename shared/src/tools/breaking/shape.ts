// Whether an OLD type and a NEW one have the same wire shape: the same fields by id,
// each of the same requiredness, default and type, where the types inside may be
// renamed (and are compared in turn), or enums with the same values. This is how a type
// that nothing uses is found again after a rename.
//
// Each pair is decided once, so a chain of types that contain each other costs one
// comparison per pair, not one per path; a type that contains itself is assumed to
// match itself while it is being compared (the largest consistent answer).
import type { Definition, EnumDefinition, StructDefinition, TypeRef } from "../../codegen/model";
import type { Comparison } from "./comparison";
import { valueText } from "./fields";
import { bareName } from "../../codegen/idl-text";

export class ShapeMatcher {
  private readonly decided = new Map<string, boolean>();
  private readonly assumed = new Set<string>();
  /** Matches found while assumptions were open: decided once the outermost one holds. */
  private provisional: string[] = [];

  constructor(private readonly comparison: Comparison) {}

  same(old: Definition, now: Definition): boolean {
    const key = `${old.name}\u0000${now.name}`;
    const known = this.decided.get(key);
    if (known !== undefined) return known;
    if (this.assumed.has(key)) return true;
    this.assumed.add(key);
    const same = this.compare(old, now);
    this.assumed.delete(key);
    // A match may rest on assumptions still open above; a mismatch never does.
    if (!same) this.decided.set(key, false);
    else if (this.assumed.size > 0) this.provisional.push(key);
    else for (const match of [...this.provisional, key]) this.decided.set(match, true);
    if (this.assumed.size === 0) this.provisional = [];
    return same;
  }

  private compare(old: Definition, now: Definition): boolean {
    if (old.kind === "enum" || now.kind === "enum")
      return old.kind === "enum" && now.kind === "enum" && sameEnum(old, now);
    if (!isStruct(old) || !isStruct(now) || (old.kind === "union") !== (now.kind === "union")) return false;
    if (old.fields.length !== now.fields.length) return false;
    const byId = new Map(now.fields.map((field) => [field.id, field]));
    return old.fields.every((field) => {
      const other = byId.get(field.id);
      return (
        other !== undefined &&
        other.requiredness === field.requiredness &&
        valueText(other.defaultValue) === valueText(field.defaultValue) &&
        this.sameType(field.type, other.type)
      );
    });
  }

  private sameType(a: TypeRef, b: TypeRef): boolean {
    if (a.alias !== b.alias || a.kind !== b.kind) return false;
    switch (a.kind) {
      case "struct":
      case "enum": {
        const name = (b as { name: string }).name;
        if (bareName(a.name) !== bareName(name) && !this.comparison.isRename(a.name, name)) return false;
        const old = this.comparison.old.lookup(a.name);
        const now = this.comparison.new.lookup(name);
        return old !== undefined && now !== undefined && this.same(old, now);
      }
      case "list":
      case "set":
        return this.sameType(a.element, (b as typeof a).element);
      case "map":
        return this.sameType(a.key, (b as typeof a).key) && this.sameType(a.value, (b as typeof a).value);
      default:
        return true;
    }
  }
}

function isStruct(definition: Definition): definition is StructDefinition {
  return definition.kind === "struct" || definition.kind === "union" || definition.kind === "exception";
}

/** The same values, each name that both have with the same value. */
function sameEnum(old: EnumDefinition, now: EnumDefinition): boolean {
  const values = new Map(now.members.map((member) => [member.name, member.value]));
  const newValues = new Set(now.members.map((member) => member.value));
  const oldValues = new Set(old.members.map((member) => member.value));
  return (
    oldValues.size === newValues.size &&
    [...oldValues].every((value) => newValues.has(value)) &&
    old.members.every((member) => !values.has(member.name) || values.get(member.name) === member.value)
  );
}
