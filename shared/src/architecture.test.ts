// The package's layering, read from the imports of its sources: the framework-free core
// at the bottom, the client, the Koa adapter and the generator each on the core only, the
// server's conventions on the adapter, the database (server-side: it logs and reads
// config/ as the server does) on the server, the run-time codecs on the generator, the test
// client and the tools on the client, and no import cycle anywhere. Test code and
// fixtures may import what they need; the entry points (the files at the top of src/)
// import the layers and no layer imports them.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, sep } from "node:path";
import ts from "typescript";

const src = __dirname;

/** The folders of src/ each source folder may import from, besides its own. */
const layers: Record<string, readonly string[]> = {
  core: [],
  client: ["core"],
  koa: ["core"],
  server: ["core", "koa"],
  // The core defines the OnewayStore the database implements; the server knows no database.
  db: ["core", "server"],
  codegen: ["core"],
  scaffold: ["codegen", "core"],
  // Codecs and definitions made at run time from the generator's model.
  dynamic: ["codegen", "core"],
  // A service's client bound to its handler in memory: the client on one side, the core on the other.
  testing: ["client", "core"],
  // thrift-http: calls through the client with definitions made at run time, checks over the model.
  tools: ["client", "codegen", "core", "dynamic"],
};

/** Packages that bring a server framework or a database: what a program that only calls services must never load. */
const serverPackages = [
  "koa",
  "@koa/router",
  "pino",
  "prom-client",
  "config",
  "pg",
  "@electric-sql/pglite",
  "node-pg-migrate",
];
const serverFree = ["core", "client", "codegen", "dynamic", "testing", "tools"];

const isTestCode = (file: string) =>
  file.endsWith(".test.ts") || file.split(sep).some((part) => part === "__fixtures__" || part === "fixtures");

/** Every source file of src/ (not tests, not fixtures), relative to src/. */
const sources = readdirSync(src, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts") && !isTestCode(file))
  .sort();

interface Import {
  readonly from: string;
  /** The imported source file relative to src/, or the package name. */
  readonly to: string;
  readonly relative: boolean;
}

function importsOf(file: string): Import[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(src, file), "utf8"), true, true);
  return importedFiles.map(({ fileName }) => {
    if (!fileName.startsWith(".")) return { from: file, to: fileName, relative: false };
    const target = normalize(join(dirname(file), fileName));
    const resolved = [`${target}.ts`, join(target, "index.ts")].find((candidate) => sources.includes(candidate));
    if (resolved === undefined) throw new Error(`${file} imports ${fileName}, which is no source file of src/`);
    return { from: file, to: resolved, relative: true };
  });
}

const imports = sources.flatMap(importsOf);
const folderOf = (file: string): string | undefined => (file.includes(sep) ? file.split(sep)[0] : undefined);

describe("The package's layering", () => {
  test("When the imports are read Then every source file is found, and its imports", () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(imports.filter((edge) => edge.relative).length).toBeGreaterThan(200);
    expect(Object.keys(layers).sort()).toEqual(
      [...new Set(sources.map(folderOf).filter((folder) => folder !== undefined))].sort(),
    );
  });

  test("When a layer imports another Then only downward: core <- client, koa, codegen; koa <- server <- db; the tools above", () => {
    const upward = imports
      .filter((edge) => edge.relative)
      .filter((edge) => {
        const from = folderOf(edge.from);
        const to = folderOf(edge.to);
        // An entry point (src/*.ts) may import any layer; no layer imports an entry point.
        if (from === undefined) return false;
        return to === undefined || (to !== from && !layers[from]!.includes(to));
      })
      .map((edge) => `${edge.from} -> ${edge.to}`);
    expect(upward).toEqual([]);
  });

  test("When the core, the client or the generator import a package Then it is no server framework and no database driver", () => {
    const framework = imports
      .filter((edge) => !edge.relative && serverFree.includes(folderOf(edge.from) ?? ""))
      .filter((edge) => serverPackages.some((name) => edge.to === name || edge.to.startsWith(`${name}/`)))
      .map((edge) => `${edge.from} -> ${edge.to}`);
    expect(framework).toEqual([]);
  });

  test("When the imports are followed Then no file comes back to itself", () => {
    const next = new Map<string, string[]>(sources.map((file) => [file, []]));
    for (const edge of imports) if (edge.relative) next.get(edge.from)!.push(edge.to);
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const path: string[] = [];
    const visit = (file: string): void => {
      state.set(file, "open");
      path.push(file);
      for (const to of next.get(file)!) {
        if (state.get(to) === "open") cycles.push([...path.slice(path.indexOf(to)), to].join(" -> "));
        else if (state.get(to) === undefined) visit(to);
      }
      path.pop();
      state.set(file, "done");
    };
    for (const file of sources) if (state.get(file) === undefined) visit(file);
    expect(cycles).toEqual([]);
  });
});
