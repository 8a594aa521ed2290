// The embedded database: PGlite, PostgreSQL compiled to WASM and run in this process
// (one connection), behind node-postgres through PGlite's own adapter, so that the code
// above it is the same as on a server. For `make dev` (its files in a folder, kept across
// restarts) and in-process tests (in memory). Loaded only when used: it is a development
// dependency, absent from production images, which need DATABASE_URL.
//
// A fresh in-memory database costs seconds (PGlite runs initdb); tests make many, so the
// first one in a machine's temporary folder is kept as a template (a tarball of its data
// folder), and the next ones start from it in about half a second.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type pg from "pg";

/** Where the embedded database keeps its files; this value keeps them in memory only. */
export const inMemory = "memory://";

export interface EmbeddedDatabase {
  /** node-postgres settings that reach it. */
  readonly client: pg.ClientConfig;
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Opens (creating if needed) the embedded database in `dir`, or in memory for `memory://`. */
export async function openEmbedded(dir: string): Promise<EmbeddedDatabase> {
  let modules;
  try {
    modules = await Promise.all([import("@electric-sql/pglite"), import("@electric-sql/pglite/node-postgres")]);
  } catch (error) {
    throw new Error(
      "The embedded database (@electric-sql/pglite, a development dependency) is not installed: set DATABASE_URL",
      { cause: error },
    );
  }
  const [{ PGlite }, { createPgConfig }] = modules;
  // PGlite makes the folder itself, but not its parents (.data/ on a fresh clone).
  if (dir !== inMemory) mkdirSync(dir, { recursive: true });
  const lite =
    dir === inMemory
      ? await PGlite.create({ loadDataDir: await template(() => PGlite.create()) })
      : await PGlite.create(dir);
  const config = createPgConfig(lite);
  return {
    client: { ...config } as pg.ClientConfig,
    listen: (channel, onNotify) => lite.listen(channel, onNotify),
    close: () => lite.close(),
  };
}

interface Dumpable {
  dumpDataDir(compression: "gzip"): Promise<Blob>;
  close(): Promise<void>;
}
let cached: Promise<Blob> | undefined;

/** The data folder of a new database, as a tarball: made once per machine and PGlite version. */
function template(create: () => Promise<Dumpable>): Promise<Blob> {
  cached ??= (async () => {
    const file = join(tmpdir(), `pglite-template-${await version()}.tar.gz`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const fresh = await create();
    const dump = await fresh.dumpDataDir("gzip");
    await fresh.close();
    // Several test processes may make it at once: each writes its own, the last rename wins.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
    return dump;
  })();
  return cached;
}

/** PGlite's version (its package.json does not export itself): the template is per version. */
async function version(): Promise<string> {
  const manifest = join(dirname(require.resolve("@electric-sql/pglite")), "../package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}
