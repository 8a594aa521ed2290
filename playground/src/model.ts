// What the page knows of the services: each service's resolved IDL model (the one
// thrift-http-gen and thrift-http call work from), resolved at build time and embedded in
// the page as JSON, so the browser needs no parser, resolver or file system: only the
// run-time codec (shared/src/dynamic).
//
// The model is plain data but for two things JSON cannot hold: `byName` is a Map, and a
// service's `parent` points at the parent's definition. Both are written as names and
// linked again when read. `imports` and `declared` serve code generation only: left out.
import type { Definition, Idl, ServiceModel } from "../../shared/src/codegen/model";
import { idlName } from "../../shared/src/dynamic/model";

/** An `Idl` as JSON. */
export interface IdlJson {
  readonly file: string;
  readonly module: string;
  readonly definitions: readonly Definition[];
  readonly byName: readonly (readonly [string, Definition])[];
}

/** One service of the stack: its folder under services/, which is also its mount path. */
export interface MountJson {
  /** The folder's name: `data`. */
  readonly name: string;
  /** Where the gateway routes its calls: `/data`. */
  readonly path: string;
  /** The IDL file's own services, by IDL name (one, in this project's convention). */
  readonly services: readonly string[];
  readonly idl: IdlJson;
}

/** What the page is built with. */
export interface PlaygroundModel {
  readonly mounts: readonly MountJson[];
}

/** `idl` as JSON-safe data. */
export function idlToJson(idl: Idl): IdlJson {
  return {
    file: idl.file,
    module: idl.module,
    definitions: idl.definitions.map(withParentByName),
    byName: [...idl.byName].map(([name, definition]) => [name, withParentByName(definition)] as const),
  };
}

/** The `Idl` `idlToJson` wrote, after a trip through JSON text, ready for the dynamic codec. */
export function idlFromJson(json: IdlJson): Idl {
  const byName = new Map<string, Definition>(json.byName.map(([name, definition]) => [name, definition]));
  // In place: the objects are the JSON parser's own, and every service then points at
  // the one definition of its parent, whatever the order they come in.
  const link = (definition: Definition): void => {
    if (definition.kind !== "service" || definition.parent === undefined) return;
    const parent = byName.get(definition.parent.name);
    if (parent?.kind !== "service")
      throw new Error(`${json.file}: ${idlName(definition.parent.name)} is not a service`);
    (definition.parent as { service: ServiceModel }).service = parent;
  };
  byName.forEach(link);
  json.definitions.forEach(link);
  return { file: json.file, module: json.module, definitions: json.definitions, declared: [], byName, imports: [] };
}

function withParentByName(definition: Definition): Definition {
  if (definition.kind !== "service" || definition.parent === undefined) return definition;
  // The name alone: the definition is in byName under it.
  return { ...definition, parent: { name: definition.parent.name } } as unknown as ServiceModel;
}
