// data's configuration as it loads: the embedded database by default, the durable oneway
// calls on the library's defaults, and what the environment overrides.
import { join } from "node:path";
import { databaseDefaults, onewayQueueDefaults } from "@starter/shared/db";
import { loadConfigFiles } from "@starter/shared/server";
import { loadDataConfig } from "./config";

const dir = join(__dirname, "../config");
const variables = ["DATABASE_URL", "DATABASE_POOL_MAX", "AUTH_BEARER_TOKENS", "ONEWAY_CONCURRENCY"];
afterEach(() => {
  for (const name of variables) delete process.env[name];
});

describe("the data configuration", () => {
  test("uses the embedded database when no URL is given: in .data/ for make dev, in memory in tests", () => {
    process.env["AUTH_BEARER_TOKENS"] = "dev:dev-token";
    expect(loadDataConfig(loadConfigFiles(dir, "development")).database).toEqual({
      url: "",
      password: "",
      tls: "off",
      caFile: "",
      embeddedDir: "../../.data/data",
      schema: "data",
      ...databaseDefaults,
    });
    expect(loadDataConfig(loadConfigFiles(dir, "test")).database.embeddedDir).toBe("memory://");
  });

  test("runs the durable oneway calls with the library's defaults, but faster in tests", () => {
    process.env["AUTH_BEARER_TOKENS"] = "dev:dev-token";
    expect(loadDataConfig(loadConfigFiles(dir, "development")).oneway).toEqual(onewayQueueDefaults);
    expect(loadDataConfig(loadConfigFiles(dir, "test")).oneway).toEqual({
      ...onewayQueueDefaults,
      pollIntervalMs: 200,
      retryDelayMs: 100,
    });
  });

  test("takes the server, the pool size and the oneway consumers from the environment", () => {
    Object.assign(process.env, {
      DATABASE_URL: "postgres://app@db:5432/app",
      DATABASE_POOL_MAX: "20",
      ONEWAY_CONCURRENCY: "4",
    });
    const settings = loadDataConfig(loadConfigFiles(dir, "test"));
    expect({
      url: settings.database.url,
      poolMax: settings.database.poolMax,
      concurrency: settings.oneway.concurrency,
    }).toEqual({
      url: "postgres://app@db:5432/app",
      poolMax: 20,
      concurrency: 4,
    });
  });

  test("in production, refuses to start without a database URL", () => {
    process.env["AUTH_BEARER_TOKENS"] = "dev:dev-token";
    expect(() => loadDataConfig(loadConfigFiles(dir, "production"))).toThrow(
      "Setting database.url is missing: set DATABASE_URL or DATABASE_URL_FILE (the embedded database is for development and tests)",
    );
  });
});
