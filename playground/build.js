#!/usr/bin/env node
// Builds the gateway's playground into one folder of static files (default
// playground/dist/site; the gateway image serves it at /_playground/):
//   index.html, app.css   as written in static/
//   app.js                the page and the run-time codec of shared/src/dynamic, bundled by
//                         esbuild with the model of every service's IDL embedded
// 1. The model is resolved here, in Node, by the generator's own front end (the resolver
//    reads files): src/build/resolve-model.ts, bundled for Node and run.
// 2. The page is bundled for browsers with three small shims for what the codec and
//    Apache's `thrift` take from Node: `Buffer` (the npm `buffer` package, injected as a
//    global), `util` (the npm package, which thrift's browser entry requires) and
//    `node:buffer` (`isUtf8`, for the JSON protocol's reader: src/shims/node-buffer.ts).
// Nothing is fetched when the page runs: no CDN, one script and one style sheet, both from
// the page's own origin, as the gateway's Content-Security-Policy requires.
const { copyFileSync, mkdirSync, rmSync } = require("node:fs");
const Module = require("node:module");
const { join, resolve } = require("node:path");
const esbuild = require("esbuild");

const here = __dirname;
const root = resolve(here, "..");
const out = resolve(process.argv[2] ?? join(here, "dist/site"));

async function main() {
  const model = await resolveModel();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const bundle = await esbuild.build({
    entryPoints: [join(here, "src/browser/main.ts")],
    outfile: join(out, "app.js"),
    bundle: true,
    platform: "browser",
    format: "iife",
    // What every browser of the last few years runs (bigint, optional chaining, …).
    target: ["es2022"],
    minify: true,
    legalComments: "eof",
    inject: [join(here, "src/shims/buffer-global.ts")],
    alias: { "node:buffer": join(here, "src/shims/node-buffer.ts") },
    // The npm `util` reads this when loaded; a browser has no `process`.
    define: { "process.env.NODE_DEBUG": "false" },
    plugins: [embedded("playground:model", JSON.stringify(model))],
    metafile: true,
    logLevel: "warning",
  });
  for (const file of ["index.html", "app.css"]) copyFileSync(join(here, "static", file), join(out, file));
  const bytes = Object.values(bundle.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  const services = model.mounts.map((mount) => mount.name).join(", ");
  process.stderr.write(`playground: ${out} (${services}; ${Math.round(bytes / 1024)} KiB of script)\n`);
}

/** Every service's resolved model, from src/build/resolve-model.ts run in this process. */
async function resolveModel() {
  const built = await esbuild.build({
    entryPoints: [join(here, "src/build/resolve-model.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    packages: "external",
    write: false,
    logLevel: "warning",
  });
  const file = join(here, "dist/resolve-model.js");
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(here);
  loaded._compile(built.outputFiles[0].text, file);
  return loaded.exports.resolveModel(root);
}

/** A module of the bundle whose text is given: `import model from "playground:model"`. */
function embedded(name, json) {
  return {
    name,
    setup(build) {
      const filter = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
      build.onResolve({ filter }, () => ({ path: name, namespace: "embedded" }));
      build.onLoad({ filter, namespace: "embedded" }, () => ({ contents: json, loader: "json" }));
    },
  };
}

main().catch((error) => {
  process.stderr.write(`playground: ${error.stack ?? error}\n`);
  process.exit(1);
});
