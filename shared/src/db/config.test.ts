// loadDatabaseConfig: the embedded database or a URL, secrets read from files, and the
// library's pool defaults unless the service sets its own.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConfigReader } from "../server/config";
import { databaseDefaults, loadDatabaseConfig } from "./config";

const base = {
  url: "",
  urlFile: "",
  password: "",
  passwordFile: "",
  tls: "off",
  caFile: "",
  allowEmbedded: true,
  embeddedDir: "",
  schema: "data",
  poolMax: 10,
  connectTimeoutMs: 2000,
  retryIntervalMs: 1000,
  startupTimeoutMs: 60000,
};
const load = (database: Record<string, unknown>) =>
  loadDatabaseConfig(createConfigReader({ database: { ...base, ...database } }));

describe("loadDatabaseConfig", () => {
  test("with no URL, the embedded database, in memory unless a folder is given", () => {
    const { urlFile, passwordFile, allowEmbedded, ...settings } = base;
    expect([urlFile, passwordFile, allowEmbedded]).toEqual(["", "", true]);
    expect(load({})).toEqual({ ...settings, embeddedDir: "memory://" });
    expect(load({ embeddedDir: ".data/data" }).embeddedDir).toBe(".data/data");
  });

  test("without a pool size or timings, the library's defaults; with them, the service's", () => {
    const { poolMax, connectTimeoutMs, retryIntervalMs, startupTimeoutMs, ...unset } = base;
    const read = (database: Record<string, unknown>) =>
      loadDatabaseConfig(createConfigReader({ database: { ...unset, ...database } }));
    expect(read({})).toMatchObject(databaseDefaults);
    expect(databaseDefaults).toEqual({ poolMax, connectTimeoutMs, retryIntervalMs, startupTimeoutMs });
    expect(read({ poolMax: "3", connectTimeoutMs: 50, retryIntervalMs: "20", startupTimeoutMs: 0 })).toMatchObject({
      poolMax: 3,
      connectTimeoutMs: 50,
      retryIntervalMs: 20,
      startupTimeoutMs: 0,
    });
  });

  test("reads the URL and the password from files, as secrets are handed over, without their last newline", () => {
    const dir = mkdtempSync(join(tmpdir(), "db-config-"));
    try {
      writeFileSync(join(dir, "url"), "postgres://app@db:5432/app\n");
      writeFileSync(join(dir, "password"), "s3cret\n");
      expect(load({ urlFile: join(dir, "url"), passwordFile: join(dir, "password") })).toMatchObject({
        url: "postgres://app@db:5432/app",
        password: "s3cret",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [
      { allowEmbedded: false },
      "Setting database.url is missing: set DATABASE_URL or DATABASE_URL_FILE (the embedded database is for development and tests)",
    ],
    [{ url: "mysql://app@db/app" }, "Setting database.url must be a postgres:// or postgresql:// URL"],
    [
      { url: "postgres://a@b/c", urlFile: "/run/secrets/url" },
      "Settings database.url and database.urlFile are both set: keep one",
    ],
    [{ schema: "Data; DROP" }, 'Setting database.schema must be a lower-case SQL name, got "Data; DROP"'],
    [{ tls: "require" }, 'Setting database.tls must be off or verify, got "require"'],
    [{ poolMax: "0" }, 'Setting database.poolMax must be an integer from 1 to 1000, got "0"'],
  ])("refuses %j", (database, message) => {
    expect(() => load(database)).toThrow(message);
  });

  test("never shows the URL, which may hold a password, in its errors", () => {
    expect(() => load({ url: "mysql://app:hunter2@db/app" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("hunter2") }),
    );
  });
});
