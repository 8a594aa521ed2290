// Users on PostgreSQL, or on the embedded PGlite in development and tests: the same SQL
// (migrations/). Ids come from the database, so replicas never hand out the same one; the
// unique index settles two replicas racing for one email.
import type { Database } from "@starter/shared/db";
import type { Role, User } from "./gen/user";
import { EmailTaken, type UserRepository } from "./repository";

type UserRow = { id: string; email: string; name: string; role: number; created_at: string; updated_at: string };

function toUser(row: UserRow): User {
  return {
    id: BigInt(row.id),
    email: row.email,
    name: row.name,
    role: row.role as Role,
    createdAt: BigInt(row.created_at),
    updatedAt: BigInt(row.updated_at),
  };
}

const columns = "id, email, name, role, created_at, updated_at";
const get = { name: "user_get", text: `SELECT ${columns} FROM users WHERE id = $1` };
// One statement for any number of ids: they travel as one array.
const getMany = { name: "user_get_many", text: `SELECT ${columns} FROM users WHERE id = ANY($1::bigint[])` };
const create = {
  name: "user_create",
  text: `INSERT INTO users (email, name, role, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING ${columns}`,
};
const update = {
  name: "user_update",
  text: `UPDATE users SET email = $1, name = $2, role = $3, updated_at = $4 WHERE id = $5 RETURNING ${columns}`,
};

/** The statements, exported for the benchmark's bare-driver baseline (bench/). */
export const userStatements = { get, getMany, create, update } as const;

// unique_violation: another row has this email.
const uniqueViolation = "23505";
// A Thrift i64 may be any 64-bit value; ids are positive bigints: others match nothing.
const maxId = 2n ** 63n - 1n;

async function uniqueEmail<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if ((error as { code?: unknown }).code === uniqueViolation) throw new EmailTaken("another user has this email");
    throw error;
  }
}

export function createPgUserRepository(db: Database): UserRepository {
  return {
    async get(id, call) {
      if (id < 1n || id > maxId) return undefined;
      const { rows } = await db.query<UserRow>(get, [id], call?.signal);
      return rows[0] && toUser(rows[0]);
    },
    async getMany(ids, call) {
      const valid = ids.filter((id) => id >= 1n && id <= maxId);
      if (valid.length === 0) return new Map();
      const { rows } = await db.query<UserRow>(getMany, [valid.map(String)], call?.signal);
      return new Map(rows.map((row) => [BigInt(row.id), toUser(row)]));
    },
    async create({ email, name, role }, now, call) {
      const { rows } = await uniqueEmail(db.query<UserRow>(create, [email, name, role, now], call?.signal));
      return toUser(rows[0]!);
    },
    async update(id, { email, name, role }, now, call) {
      if (id < 1n || id > maxId) return undefined;
      const { rows } = await uniqueEmail(db.query<UserRow>(update, [email, name, role, now, id], call?.signal));
      return rows[0] && toUser(rows[0]);
    },
  };
}
