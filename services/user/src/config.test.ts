import { join } from "node:path";
import { loadConfigFiles } from "@starter/shared/server";
import { loadUserConfig } from "./config";

const dir = join(__dirname, "../config");
const variables = ["USER_DB_FILE", "USER_CACHE_MAX", "USER_CACHE_TTL_MS"];
afterEach(() => {
  for (const name of variables) delete process.env[name];
});

describe("the user configuration", () => {
  test("keeps users in memory in tests, behind a small, short-lived cache", () => {
    const { storage, cache } = loadUserConfig(loadConfigFiles(dir, "test"));
    expect({ storage, cache }).toEqual({
      storage: { file: ":memory:", busyTimeoutMs: 1000 },
      cache: { max: 10000, ttlMs: 5000 },
    });
  });

  test("takes the database file and the cache bounds from the environment", () => {
    Object.assign(process.env, { USER_DB_FILE: "/var/lib/user/users.db", USER_CACHE_MAX: "500", USER_CACHE_TTL_MS: "1000" });
    const { storage, cache } = loadUserConfig(loadConfigFiles(dir, "test"));
    expect({ storage, cache }).toEqual({
      storage: { file: "/var/lib/user/users.db", busyTimeoutMs: 1000 },
      cache: { max: 500, ttlMs: 1000 },
    });
  });

  test("refuses a cache that keeps nothing", () => {
    process.env["USER_CACHE_MAX"] = "0";
    expect(() => loadUserConfig(loadConfigFiles(dir, "test"))).toThrow(
      'Setting cache.max must be an integer from 1 to 9007199254740991, got "0"',
    );
  });
});
