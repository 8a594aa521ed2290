import { join } from "node:path";
import { loadConfigFiles } from "@starter/shared/server";
import { loadDataConfig } from "./config";

const dir = join(__dirname, "../config");
const saved = process.env["DATA_FILE"];
afterEach(() => {
  if (saved === undefined) delete process.env["DATA_FILE"];
  else process.env["DATA_FILE"] = saved;
});

describe("the data configuration", () => {
  test("keeps the database in data.db by default, in memory in tests", () => {
    process.env["AUTH_BEARER_TOKENS"] = "dev:dev-token";
    try {
      expect(loadDataConfig(loadConfigFiles(dir, "development")).storage).toEqual({ file: "data.db", busyTimeoutMs: 1000 });
    } finally {
      delete process.env["AUTH_BEARER_TOKENS"];
    }
    expect(loadDataConfig(loadConfigFiles(dir, "test")).storage).toEqual({ file: ":memory:", busyTimeoutMs: 1000 });
  });

  test("takes the database file from DATA_FILE, so replicas can share a volume", () => {
    process.env["DATA_FILE"] = "/var/lib/data/data.db";
    expect(loadDataConfig(loadConfigFiles(dir, "test")).storage.file).toBe("/var/lib/data/data.db");
  });
});
