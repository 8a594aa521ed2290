// The service's own migrations: the .sql files of the folder beside src/ and dist/,
// recorded in table `migrations` of its schema (shared/'s come first, see openDatabase).
import { join } from "node:path";
import type { MigrationSet } from "@starter/shared/db";

export const migrations: readonly MigrationSet[] = [{ dir: join(__dirname, "../migrations"), table: "migrations" }];
