// Names and types as the IDL writes them, for messages and listings: the generated
// modules' spellings (`class$`, `shapes$.Point`) turned back into the IDL's.
import type { TypeRef } from "./model";

/** The IDL spelling of a name as the generated module spells it: `class$` is `class`, `shapes$.Point` is `shapes.Point`. */
export function idlName(name: string): string {
  // Thrift names cannot hold `$`: every one is the generator's.
  return name.replaceAll("$", "");
}

/** `Name` of `ns.Name`, in the IDL's spelling: what the definition's own file calls it (and the wire). */
export function bareName(name: string): string {
  return idlName(name).split(".").at(-1)!;
}

/** A type as the IDL writes it: its typedef's name if it has one, else `list<map<string, i64>>`. */
export function typeText(type: TypeRef): string {
  if (type.alias !== undefined) return idlName(type.alias);
  return structuralText(type);
}

/** A type as the IDL writes it, through typedefs: `list<i64>` for `list<UserId>`. */
export function structuralText(type: TypeRef): string {
  switch (type.kind) {
    case "enum":
    case "struct":
      return idlName(type.name);
    case "list":
    case "set":
      return `${type.kind}<${typeText(type.element)}>`;
    case "map":
      return `map<${typeText(type.key)}, ${typeText(type.value)}>`;
    default:
      return type.kind;
  }
}
