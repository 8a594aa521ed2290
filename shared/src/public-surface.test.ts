// The package's public surface is its subpaths (package.json `exports`): each loads what
// its users need and no more, measured by requiring it in a fresh Node process and
// listing the modules that came with it. The sources are loaded (transpiled on require),
// reached through the exports map as a dependent would reach the build: dist/x.js is
// src/x.ts. Jest's module map and the tsconfig paths follow the same map.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const shared = join(__dirname, "..");
const repo = join(shared, "..");
const { exports: exportsMap } = JSON.parse(readFileSync(join(shared, "package.json"), "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
};

/** The source file of a subpath: its `default` target, dist/x.js read as src/x.ts. */
function sourceOf(subpath: string): string {
  const target = exportsMap[subpath];
  if (typeof target !== "object") throw new Error(`${subpath} is no module of the exports map`);
  expect(target.types).toBe(target.default.replace(/\.js$/, ".d.ts"));
  return target.default.replace(/^\.\/dist\/(.*)\.js$/, "src/$1.ts");
}

// Run in the child: TypeScript sources transpiled as they are required, then the subpath
// required, then every loaded module's package (or `@starter/shared`) printed.
const child = `
const { readFileSync } = require("node:fs");
const ts = require("typescript");
require.extensions[".ts"] = (module, file) => {
  const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: file,
  });
  module._compile(outputText, file);
};
const before = new Set(Object.keys(require.cache));
require(process.argv[1]);
const loaded = Object.keys(require.cache).filter((file) => !before.has(file));
const packages = new Set(loaded.map((file) => {
  const found = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file.replaceAll("\\\\", "/"));
  return found ? found[1] : "@starter/shared";
}));
console.log(JSON.stringify([...packages].sort()));
`;

/** The packages loaded by requiring `subpath` in a fresh process. */
function packagesLoadedBy(subpath: string): string[] {
  const output = execFileSync(process.execPath, ["-e", child, join(shared, sourceOf(subpath))], {
    cwd: repo,
    encoding: "utf8",
  });
  return JSON.parse(output) as string[];
}

const serverFramework = ["@koa/router", "config", "koa", "pino", "prom-client"];
const database = ["@electric-sql/pglite", "node-pg-migrate", "pg"];

describe("The package's public surface", () => {
  test("When a program only calls services (@starter/shared/client) Then no server framework and no database driver is loaded", () => {
    const loaded = packagesLoadedBy("./client");
    expect(loaded).toEqual(expect.arrayContaining(["@starter/shared", "thrift", "undici"]));
    expect(loaded.filter((name) => [...serverFramework, ...database].includes(name))).toEqual([]);
  });

  test("When the client or the server is loaded Then of OpenTelemetry only its API comes with it: the SDK and exporters load when a service starts tracing", () => {
    for (const subpath of ["./client", "./server", "."]) {
      const otel = packagesLoadedBy(subpath).filter((name) => name.startsWith("@opentelemetry/"));
      expect({ subpath, otel }).toEqual({ subpath, otel: ["@opentelemetry/api"] });
    }
  });

  test("When generated code loads its runtime Then neither an HTTP client, a server framework nor a database driver comes with it", () => {
    const loaded = packagesLoadedBy("./runtime");
    expect(loaded.filter((name) => [...serverFramework, ...database, "undici"].includes(name))).toEqual([]);
  });

  test("When the core or the generator is loaded Then no server framework and no database driver comes with it", () => {
    for (const subpath of ["./core", "./codegen"]) {
      const unwanted = packagesLoadedBy(subpath).filter((name) => [...serverFramework, ...database].includes(name));
      expect({ subpath, unwanted }).toEqual({ subpath, unwanted: [] });
    }
  });

  test("When the run-time codecs, the test client or the tools are loaded Then no server framework and no database driver comes with them; the run-time codecs bring no HTTP client either", () => {
    for (const subpath of ["./dynamic", "./testing", "./tools"]) {
      const unwanted = packagesLoadedBy(subpath).filter((name) => [...serverFramework, ...database].includes(name));
      expect({ subpath, unwanted }).toEqual({ subpath, unwanted: [] });
    }
    expect(packagesLoadedBy("./dynamic")).not.toContain("undici");
  });

  test("When the Koa adapter or the server is loaded Then no database driver comes with it; the adapter brings Koa's router, not the server's logging, metrics and config", () => {
    const koa = packagesLoadedBy("./koa");
    expect(koa).toContain("@koa/router");
    expect(koa.filter((name) => ["config", "pino", "prom-client", ...database].includes(name))).toEqual([]);
    expect(packagesLoadedBy("./server").filter((name) => database.includes(name))).toEqual([]);
  });

  test("When the database layer (@starter/shared/db) is loaded Then node-postgres comes, the embedded database (a development dependency) and the migrator only once used, and no HTTP framework", () => {
    const loaded = packagesLoadedBy("./db");
    expect(loaded).toContain("pg");
    expect(
      loaded.filter((name) =>
        ["@electric-sql/pglite", "node-pg-migrate", "koa", "@koa/router", "undici"].includes(name),
      ),
    ).toEqual([]);
  });

  test("When a program loads the whole package (@starter/shared) Then the server framework and the database driver come with it", () => {
    expect(packagesLoadedBy(".")).toEqual(expect.arrayContaining([...serverFramework, "pg"]));
  });

  test("When Jest or TypeScript resolve the package Then they know exactly its subpaths, at their sources", () => {
    const subpaths = Object.entries(exportsMap)
      .filter(([, target]) => typeof target === "object")
      .map(([subpath]) => subpath);
    const names = (subpath: string) => `@starter/shared${subpath.slice(1)}`;
    const jest = (require(join(repo, "jest.config.js")) as { projects: { moduleNameMapper: Record<string, string> }[] })
      .projects;
    for (const project of jest) {
      for (const subpath of subpaths) {
        const mapped = Object.entries(project.moduleNameMapper).find(([pattern]) =>
          new RegExp(pattern).test(names(subpath)),
        );
        expect(mapped?.[1]).toBe(`<rootDir>/shared/${sourceOf(subpath)}`);
      }
    }
    for (const [tsconfig, prefix] of [
      ["shared/tsconfig.json", "./"],
      ["test/stack/tsconfig.json", "../../shared/"],
    ] as const) {
      const paths = (
        JSON.parse(readFileSync(join(repo, tsconfig), "utf8").replace(/^\s*\/\/.*$/gm, "")) as {
          compilerOptions: { paths: Record<string, string[]> };
        }
      ).compilerOptions.paths;
      const own = Object.fromEntries(Object.entries(paths).filter(([name]) => name.startsWith("@starter/shared")));
      expect(own).toEqual(
        Object.fromEntries(subpaths.map((subpath) => [names(subpath), [`${prefix}${sourceOf(subpath)}`]])),
      );
    }
  });
});
