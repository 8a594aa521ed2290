// user's configuration as it loads: the embedded database and the cache by default, the
// database URL from a secret file, and the bounds it refuses.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfigFiles } from "@starter/shared/server";
import { loadUserConfig } from "./config";

const dir = join(__dirname, "../config");
const variables = ["DATABASE_URL_FILE", "USER_CACHE_MAX", "USER_CACHE_TTL_MS"];
afterEach(() => {
  for (const name of variables) delete process.env[name];
});

describe("the user configuration", () => {
  test("keeps users in the embedded database in memory in tests, in schema user, behind the cache", () => {
    const { database, cache } = loadUserConfig(loadConfigFiles(dir, "test"));
    expect({ embeddedDir: database.embeddedDir, url: database.url, schema: database.schema, cache }).toEqual({
      embeddedDir: "memory://",
      url: "",
      schema: "user",
      cache: { max: 10000, ttlMs: 60_000 },
    });
  });

  test("takes the database URL from a secret file and the cache bounds from the environment", () => {
    const dir2 = mkdtempSync(join(tmpdir(), "user-config-"));
    try {
      writeFileSync(join(dir2, "url"), "postgres://user:secret@db.example:5432/app?sslmode=verify-full\n");
      Object.assign(process.env, {
        DATABASE_URL_FILE: join(dir2, "url"),
        USER_CACHE_MAX: "500",
        USER_CACHE_TTL_MS: "1000",
      });
      const { database, cache } = loadUserConfig(loadConfigFiles(dir, "test"));
      expect({ url: database.url, cache }).toEqual({
        url: "postgres://user:secret@db.example:5432/app?sslmode=verify-full",
        cache: { max: 500, ttlMs: 1000 },
      });
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  test("refuses a cache that keeps nothing", () => {
    process.env["USER_CACHE_MAX"] = "0";
    expect(() => loadUserConfig(loadConfigFiles(dir, "test"))).toThrow(
      'Setting cache.max must be an integer from 1 to 9007199254740991, got "0"',
    );
  });
});
