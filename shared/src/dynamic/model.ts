// Finding what a resolved type names. Every type in the model is spelled as the module
// holding it names it (`Point`, `shapes$.Point`), and a module's `byName` holds every
// definition it can name, those of the files it includes (directly or not) with their
// own types renamed as seen from it. So the module of the IDL file given resolves every
// type reachable from it: no other module needs consulting.
import { idlName } from "../codegen/idl-text";
import type { EnumDefinition, Idl, ServiceModel, StructDefinition } from "../codegen/model";

export { bareName, idlName, structuralText, typeText } from "../codegen/idl-text";

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
