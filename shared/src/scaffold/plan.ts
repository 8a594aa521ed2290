// What `make new-service` and `make remove-service` change, computed in full before any
// file is touched: a plan is a set of files to write and paths to delete. Anything wrong
// (a bad or taken name, a shared file not in the expected shape) throws while planning, so
// a failed command leaves the repository as it was.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { generate } from "../codegen";
import { addBlock, removeBlock, shapes, templateBlock } from "./blocks";
import { rename, serviceNames, template, type ServiceNames } from "./names";
import { addWorkspace, removeWorkspace } from "./package-lock";
import { defaultConfig, serviceFolders } from "./services";
import { sharedMethodsFile, sharedMethodsOf } from "./shared-methods";

export interface Plan {
  /** Repository-relative path → the file's new content. */
  readonly writes: ReadonlyMap<string, string>;
  /** Repository-relative files and folders to delete (folders with what is in them). */
  readonly deletes: readonly string[];
}

/**
 * What of services/echo is not copied: build output and dependencies, and the generated
 * code (generated again from the renamed IDL).
 */
const notCopied = new Set(["dist", "node_modules", "src/gen"]);

/** Files a new service gets outside its folder, copied from echo's. */
const templateFiles = (names: ServiceNames) => ({
  [`deploy/k8s/base/${template}.yaml`]: `deploy/k8s/base/${names.name}.yaml`,
  [`test/stack/${template}.calls.test.ts`]: `test/stack/${names.name}.calls.test.ts`,
});

function serviceFiles(root: string, folder: string): string[] {
  const base = join(root, folder);
  return readdirSync(base, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(base, join(entry.parentPath, entry.name)))
    .filter(
      (file) =>
        ![...notCopied].some((skip) => file === skip || file.startsWith(`${skip}/`)) && !file.endsWith(".tsbuildinfo"),
    )
    .sort();
}

/** The native port of a service (`server.port` in its config/default.json). */
function portOf(root: string, service: string): number {
  return defaultConfig(root, service).server.port;
}

/** echo's text turned into the new service's: its names renamed, its native port replaced. */
function derive(text: string, names: ServiceNames, port: number, templatePort: number): string {
  return rename(text, names).replace(new RegExp(`\\b${templatePort}\\b`, "g"), String(port));
}

/**
 * Every change the service `name` brings, whether adding it (`port` free) or removing it
 * (`port` its own): its files, and its blocks in the shared files as they read now.
 */
function changes(root: string, names: ServiceNames, port: number) {
  const templatePort = portOf(root, template);
  const read = (file: string) => readFileSync(join(root, file), "utf8");
  const files = new Map<string, string>();
  for (const file of serviceFiles(root, `services/${template}`)) {
    files.set(
      `services/${names.name}/${rename(file, names)}`,
      derive(read(`services/${template}/${file}`), names, port, templatePort),
    );
  }
  const idl = files.get(`services/${names.name}/${names.name}.thrift`)!;
  files.set(`services/${names.name}/src/gen/${names.name}.ts`, generate(idl, { file: `${names.name}.thrift` }));
  for (const [from, to] of Object.entries(templateFiles(names)))
    files.set(to, derive(read(from), names, port, templatePort));
  const blocks = shapes.map((shape) => ({
    shape,
    lines: templateBlock(shape, read(shape.file), template).map((line) => derive(line, names, port, templatePort)),
  }));
  return { files, blocks, read };
}

/** The plan of `make new-service NAME=<name>`. */
export function planAdd(root: string, name: string): Plan {
  const names = serviceNames(name);
  const existing = serviceFolders(root);
  if (existing.includes(name) || existsSync(join(root, "services", name)))
    throw new Error(`services/${name} already exists`);
  // The next native port after the highest in use, so that `make dev` runs them all at once.
  const port = Math.max(...existing.map((service) => portOf(root, service))) + 1;
  const { files, blocks, read } = changes(root, names, port);
  for (const file of files.keys()) if (existsSync(join(root, file))) throw new Error(`${file} already exists`);

  const writes = new Map(files);
  const edited = (file: string) => writes.get(file) ?? read(file);
  for (const { shape, lines } of blocks) writes.set(shape.file, addBlock(shape, edited(shape.file), name, lines));
  writes.set("package-lock.json", addWorkspace(read("package-lock.json"), names, template));
  writes.set(sharedMethodsFile, sharedMethodsOf(root, [...existing, name].sort(), files));
  return { writes, deletes: [] };
}

/**
 * The plan of `make remove-service NAME=<name>`: the exact inverse of planAdd for a service
 * it made. echo is refused (it is the template); so is any service whose blocks differ from
 * what planAdd makes (data and user, or a generated one whose blocks were edited by hand).
 */
export function planRemove(root: string, name: string): Plan {
  const names = serviceNames(name);
  if (name === template)
    throw new Error(`${template} is the template new services are made from: it cannot be removed`);
  if (!serviceFolders(root).includes(name))
    throw new Error(`there is no service ${name} (services/${name}/package.json)`);
  const { files, blocks, read } = changes(root, names, portOf(root, name));

  const writes = new Map<string, string>();
  const edited = (file: string) => writes.get(file) ?? read(file);
  for (const { shape, lines } of blocks) writes.set(shape.file, removeBlock(shape, edited(shape.file), name, lines));
  writes.set("package-lock.json", removeWorkspace(read("package-lock.json"), names));
  writes.set(
    sharedMethodsFile,
    sharedMethodsOf(
      root,
      serviceFolders(root).filter((service) => service !== name),
    ),
  );
  const outside = [...files.keys()].filter((file) => !file.startsWith(`services/${name}/`));
  return { writes, deletes: [`services/${name}`, ...outside] };
}
