// Users on SQLite. Ids come from the database, so replicas sharing the file never
// hand out the same one; the unique index settles two replicas racing for one email.
import type { DatabaseSync } from "node:sqlite";
import type { Role, User } from "./gen/user";
import { EmailTaken, type UserRepository } from "./repository";

interface UserRow {
  id: bigint;
  email: string;
  name: string;
  role: bigint;
  created_at: bigint;
  updated_at: bigint;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: Number(row.role) as Role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const SQLITE_CONSTRAINT_UNIQUE = 2067;

function uniqueEmail<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    if ((error as { errcode?: number }).errcode === SQLITE_CONSTRAINT_UNIQUE) {
      throw new EmailTaken("another user has this email");
    }
    throw error;
  }
}

export function createSqliteUserRepository(db: DatabaseSync): UserRepository {
  db.exec(`
    CREATE TABLE IF NOT EXISTS users (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      email TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      role INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `);
  const columns = "id, email, name, role, created_at, updated_at";
  const get = db.prepare(`SELECT ${columns} FROM users WHERE id = ?`);
  // One statement for any number of ids: they travel as one JSON array.
  const getMany = db.prepare(`SELECT ${columns} FROM users WHERE id IN (SELECT value FROM json_each(?))`);
  const create = db.prepare(`
    INSERT INTO users (email, name, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
    RETURNING ${columns}`);
  const update = db.prepare(`
    UPDATE users SET email = ?, name = ?, role = ?, updated_at = ? WHERE id = ?
    RETURNING ${columns}`);

  return {
    get(id) {
      const row = get.get(id) as UserRow | undefined;
      return row && toUser(row);
    },
    getMany(ids) {
      const rows = getMany.all(`[${ids.join(",")}]`) as unknown as UserRow[];
      return new Map(rows.map((row) => [row.id, toUser(row)]));
    },
    create({ email, name, role }, now) {
      return uniqueEmail(() => toUser(create.get(email, name, role, now, now) as unknown as UserRow));
    },
    update(id, { email, name, role }, now) {
      const row = uniqueEmail(() => update.get(email, name, role, now, id)) as UserRow | undefined;
      return row && toUser(row);
    },
  };
}
