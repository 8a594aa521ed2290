// The data store on PostgreSQL, or on the embedded PGlite in development and tests: the
// same SQL (migrations/). Each operation is one statement, so it is atomic however many
// replicas write at once; named statements are parsed once per connection.
import type { Database } from "@starter/shared/db";
import type { Entry } from "./gen/data";
import { CounterOutOfRange, type DataStore } from "./store";

type EntryRow = { key: Buffer; value: Buffer; version: string };

function toEntry(row: EntryRow): Entry {
  return { key: row.key.toString("utf8"), value: row.value, version: BigInt(row.version) };
}

const get = { name: "data_get", text: "SELECT key, value, version FROM entries WHERE id = sha256($1)" };
const put = {
  name: "data_put",
  text: `INSERT INTO entries (key, value, version) VALUES ($1, $2, 1)
    ON CONFLICT (id) DO UPDATE SET value = excluded.value, version = entries.version + 1
    RETURNING key, value, version`,
};
const remove = { name: "data_remove", text: "DELETE FROM entries WHERE id = sha256($1)" };
const increment = {
  name: "data_increment",
  text: `INSERT INTO counters (key, value) VALUES ($1, $2)
    ON CONFLICT (id) DO UPDATE SET value = counters.value + excluded.value
    RETURNING value`,
};
const counter = { name: "data_counter", text: "SELECT value FROM counters WHERE id = sha256($1)" };

// numeric_value_out_of_range: the sum left the bigint range.
const outOfRange = "22003";

/** The statements, exported for the benchmark's bare-driver baseline (bench/). */
export const dataStatements = { get, put, remove, increment, counter } as const;

export function createPgDataStore(db: Database): DataStore {
  const bytes = (key: string) => Buffer.from(key, "utf8");
  return {
    async get(key, call) {
      const { rows } = await db.query<EntryRow>(get, [bytes(key)], call?.signal);
      return rows[0] && toEntry(rows[0]);
    },
    async put(key, value, call) {
      const { rows } = await db.query<EntryRow>(put, [bytes(key), value], call?.signal);
      return toEntry(rows[0]!);
    },
    async remove(key, call) {
      const { rowCount } = await db.query(remove, [bytes(key)], call?.signal);
      return (rowCount ?? 0) > 0;
    },
    async increment(key, delta, call) {
      try {
        const { rows } = await db.query<{ value: string }>(increment, [bytes(key), delta], call?.signal);
        return BigInt(rows[0]!.value);
      } catch (error) {
        if ((error as { code?: unknown }).code === outOfRange) {
          throw new CounterOutOfRange(`counter "${key}" would overflow a signed 64-bit integer`);
        }
        throw error;
      }
    },
    async counter(key, call) {
      const { rows } = await db.query<{ value: string }>(counter, [bytes(key)], call?.signal);
      return rows[0] === undefined ? 0n : BigInt(rows[0].value);
    },
  };
}
