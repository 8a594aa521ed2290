// The data store on the embedded database (PGlite), through the service's own migrations.
// The same suite runs on a PostgreSQL server in test/stack/database.test.ts.
import { join } from "node:path";
import { openDatabase, type Database } from "@starter/shared/db";
import { createLogger, loadConfigFiles } from "@starter/shared/server";
import { describeDataStore } from "./__fixtures__/store-contract";
import { loadDataConfig } from "./config";
import { migrations } from "./migrations";
import { createPgDataStore } from "./pg-store";

const settings = loadDataConfig(loadConfigFiles(join(__dirname, "../config"), "test"));
let db: Database;
beforeAll(async () => {
  db = await openDatabase(settings.database, { logger: createLogger({ level: "silent", name: "data" }), migrations });
}, 30_000);
afterAll(() => db.close());

describeDataStore("embedded", {
  async open() {
    await db.query("TRUNCATE entries, counters");
    return createPgDataStore(db);
  },
  // One process, one embedded database: a second replica's store shares its connection.
  reopen: async () => createPgDataStore(db),
});
