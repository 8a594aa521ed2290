// What the handler needs of storage. Inputs arrive validated: storage only enforces
// what must hold across replicas, unique ids and unique emails.
import type { Role, User } from "./gen/user";

/** A UserInput that passed `validateUserInput`: trimmed, email lower-cased, role set. */
export interface ValidUserInput {
  email: string;
  name: string;
  role: Role;
}

export interface UserRepository {
  get(id: bigint): User | undefined;
  /** The users found, by id; unknown ids are left out. */
  getMany(ids: readonly bigint[]): Map<bigint, User>;
  /** Stores a new user with an id chosen by the database; throws `EmailTaken`. */
  create(input: ValidUserInput, now: bigint): User;
  /** Replaces the user's fields; undefined if there is no such user; throws `EmailTaken`. */
  update(id: bigint, input: ValidUserInput, now: bigint): User | undefined;
}

/** Another user already has this email. */
export class EmailTaken extends Error {
  override readonly name = "EmailTaken";
}
