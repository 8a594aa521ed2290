// Finding what a resolved type names. Every type in the model is spelled as the module
// holding it names it (`Point`, `shapes$.Point`), and a module's `byName` holds every
// definition it can name, those of the files it includes (directly or not) with their
// own types renamed as seen from it. So the module of the IDL file given resolves every
// type reachable from it: no other module needs consulting.
import type { EnumDefinition, Idl, ServiceModel, StructDefinition, TypeRef } from "../codegen/model";

/** The IDL spelling of a name as the generated module spells it: `class$` is `class`, `shapes$.Point` is `shapes.Point`. */
export function idlName(name: string): string {
  // Thrift names cannot hold `$`: every one is the generator's.
  return name.replaceAll("$", "");
}

/** `Name` of `ns.Name`, in the IDL's spelling: what the definition's own file calls it (and the wire). */
export function bareName(name: string): string {
  return idlName(name).split(".").at(-1)!;
}

export function structNamed(idl: Idl, name: string): StructDefinition {
  const definition = idl.byName.get(name);
  if (definition?.kind === "struct" || definition?.kind === "union" || definition?.kind === "exception") {
    return definition;
  }
  throw new Error(`${idl.file}: ${idlName(name)} is not a struct, union or exception`);
}

export function enumNamed(idl: Idl, name: string): EnumDefinition {
  const definition = idl.byName.get(name);
  if (definition?.kind === "enum") return definition;
  throw new Error(`${idl.file}: ${idlName(name)} is not an enum`);
}

/** The services `idl` can name, by IDL name: its own first, then those of the files it includes. */
export function servicesOf(idl: Idl): Map<string, ServiceModel> {
  const own = new Set(idl.definitions.filter((d) => d.kind === "service").map((d) => d.name));
  const services = new Map<string, ServiceModel>();
  const all = [...idl.byName.values()].filter((d): d is ServiceModel => d.kind === "service");
  for (const service of all) if (own.has(idlName(service.name))) services.set(idlName(service.name), service);
  for (const service of all) if (!services.has(idlName(service.name))) services.set(idlName(service.name), service);
  return services;
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
