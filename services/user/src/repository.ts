// What the handler needs of storage. Inputs arrive validated: storage only enforces
// what must hold across replicas, unique ids and unique emails. Every operation takes
// the call it serves (the handler's context): a call past its deadline, or whose caller
// left, cancels its statement through the call's signal.
import type { CallContext } from "@starter/shared/server";
import type { Role, User } from "./gen/user";

/** The call an operation serves; its signal is read only when a statement runs (not on a cache hit). */
export type ForCall = Pick<CallContext, "signal">;

/** A UserInput that passed `validateUserInput`: trimmed, email lower-cased, role set. */
export interface ValidUserInput {
  email: string;
  name: string;
  role: Role;
}

export interface UserRepository {
  get(id: bigint, call?: ForCall): Promise<User | undefined>;
  /** The users found, by id; unknown ids are left out. */
  getMany(ids: readonly bigint[], call?: ForCall): Promise<Map<bigint, User>>;
  /** Stores a new user with an id chosen by the database; rejects with `EmailTaken`. */
  create(input: ValidUserInput, now: bigint, call?: ForCall): Promise<User>;
  /** Replaces the user's fields; undefined if there is no such user; rejects with `EmailTaken`. */
  update(id: bigint, input: ValidUserInput, now: bigint, call?: ForCall): Promise<User | undefined>;
}

/** Another user already has this email. */
export class EmailTaken extends Error {
  override readonly name = "EmailTaken";
}
