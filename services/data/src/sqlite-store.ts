// The data store on SQLite. Each operation is one statement, so it is atomic even when
// several replicas write to the same database file at once.
import type { DatabaseSync } from "node:sqlite";
import type { Entry } from "./gen/data";
import { CounterOverflow, type DataStore } from "./store";

interface EntryRow {
  key: string;
  value: Uint8Array;
  version: bigint;
}

function toEntry(row: EntryRow): Entry {
  return { key: row.key, value: Buffer.from(row.value), version: row.version };
}

export function createSqliteDataStore(db: DatabaseSync): DataStore {
  // On overflow SQLite turns an integer sum into a float: the CHECK refuses it instead.
  db.exec(`
    CREATE TABLE IF NOT EXISTS entries (
      key TEXT PRIMARY KEY,
      value BLOB NOT NULL,
      version INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS counters (
      key TEXT PRIMARY KEY,
      value INTEGER NOT NULL CHECK (typeof(value) = 'integer')
    );
  `);
  const get = db.prepare("SELECT key, value, version FROM entries WHERE key = ?");
  const put = db.prepare(`
    INSERT INTO entries (key, value, version) VALUES (?, ?, 1)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = version + 1
    RETURNING key, value, version`);
  const remove = db.prepare("DELETE FROM entries WHERE key = ?");
  const increment = db.prepare(`
    INSERT INTO counters (key, value) VALUES (?, ?)
    ON CONFLICT (key) DO UPDATE SET value = value + excluded.value
    RETURNING value`);
  const counter = db.prepare("SELECT value FROM counters WHERE key = ?");

  return {
    get(key) {
      const row = get.get(key) as EntryRow | undefined;
      return row && toEntry(row);
    },
    put(key, value) {
      return toEntry(put.get(key, value) as unknown as EntryRow);
    },
    remove(key) {
      return remove.run(key).changes > 0;
    },
    increment(key, delta) {
      try {
        return (increment.get(key, delta) as { value: bigint }).value;
      } catch (error) {
        if ((error as { errcode?: number }).errcode === SQLITE_CONSTRAINT_CHECK) {
          throw new CounterOverflow(`counter "${key}" would overflow a signed 64-bit integer`);
        }
        throw error;
      }
    },
    counter(key) {
      return (counter.get(key) as { value: bigint } | undefined)?.value ?? 0n;
    },
  };
}

const SQLITE_CONSTRAINT_CHECK = 275;
