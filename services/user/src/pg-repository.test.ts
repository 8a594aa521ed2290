// The user repository on the embedded database (PGlite), through the service's own
// migrations. The same suite runs on a PostgreSQL server in test/stack/database.test.ts.
import { join } from "node:path";
import { openDatabase, type Database } from "@starter/shared/db";
import { createLogger, loadConfigFiles } from "@starter/shared/server";
import { describeUserRepository } from "./__fixtures__/repository-contract";
import { loadUserConfig } from "./config";
import { migrations } from "./migrations";
import { createPgUserRepository } from "./pg-repository";

const settings = loadUserConfig(loadConfigFiles(join(__dirname, "../config"), "test"));
let db: Database;
beforeAll(async () => {
  db = await openDatabase(settings.database, { logger: createLogger({ level: "silent", name: "user" }), migrations });
}, 30_000);
afterAll(() => db.close());

describeUserRepository("embedded", {
  async open() {
    await db.query("TRUNCATE users RESTART IDENTITY");
    return createPgUserRepository(db);
  },
  // One process, one embedded database: a second replica's repository shares its connection.
  reopen: async () => createPgUserRepository(db),
});
