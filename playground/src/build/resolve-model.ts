// The page's model, resolved at build time: every service of the stack (a folder of
// services/ holding `<folder>.thrift`; the folder is its mount path on the gateway), its
// IDL loaded and checked by the generator's own front end, and the run-time codec built
// from it once here, so that an IDL the codec cannot serve fails the build, not the page.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Idl } from "../../../shared/src/codegen/model";
import { loadProgram } from "../../../shared/src/codegen/resolve/program";
import { DynamicCodecs } from "../../../shared/src/dynamic/codec";
import { dynamicService } from "../../../shared/src/dynamic/definition";
import { idlName } from "../../../shared/src/dynamic/model";
import { idlToJson, type MountJson, type PlaygroundModel } from "../model";

/** The services of the repository at `root`: each folder of services/ with an IDL named after it, in name order. */
export function serviceFolders(root: string): string[] {
  const services = join(root, "services");
  return readdirSync(services, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(services, entry.name, `${entry.name}.thrift`)))
    .map((entry) => entry.name)
    .sort();
}

/** The model of every service of the repository at `root`; throws for an IDL with a mistake. */
export function resolveModel(root: string): PlaygroundModel {
  const mounts = serviceFolders(root).map((name): MountJson => {
    // Named by its path in the repository (messages, the model), read from `root`: the
    // page says nothing of the machine it was built on.
    const file = `services/${name}/${name}.thrift`;
    const program = loadProgram(file, { readFile: (path) => readIfExists(resolve(root, path)) });
    return mount(name, program.modules.at(-1)!);
  });
  return { mounts };
}

/** One service folder's mount, checked: the codec and definition of each service are built. */
export function mount(name: string, idl: Idl): MountJson {
  const services = idl.definitions
    .filter((definition) => definition.kind === "service")
    .map((service) => idlName(service.name));
  if (services.length === 0) throw new Error(`${idl.file} declares no service`);
  const codecs = new DynamicCodecs(idl);
  for (const service of services) dynamicService(idl, service, codecs);
  return { name, path: `/${name}`, services, idl: idlToJson(idl) };
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}
