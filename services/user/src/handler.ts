// UserService, as declared in user.thrift: validation here, storage (and its cache)
// behind the injected repository. Each method passes its call's context on, so that a
// call past its deadline, or whose caller went away, cancels its statement.
import type { CallContext } from "@starter/shared/server";
import { type UserInput, UserNotFound, type UserServiceHandler, InvalidUser } from "./gen/user";
import { EmailTaken, type UserRepository } from "./repository";
import { validateUserInput } from "./validate";

async function emailInUse<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof EmailTaken) throw new InvalidUser({ field: "email", message: "email is already in use" });
    throw error;
  }
}

/** Most ids one getUsers call takes (user.thrift says so too: a test holds them equal). */
export const maxIdsPerCall = 1000;

/** `now` gives the time stamps (ms since the epoch); tests pass a fixed clock. */
export function createUserHandler(users: UserRepository, now: () => number = Date.now) {
  return {
    async getUser(id: bigint, ctx: CallContext) {
      const user = await users.get(id, ctx);
      if (!user) throw new UserNotFound({ id, message: `no user with id ${id}` });
      return user;
    },

    async getUsers(ids: bigint[], ctx: CallContext) {
      if (ids.length > maxIdsPerCall) {
        throw new InvalidUser({ field: "ids", message: `at most ${maxIdsPerCall} ids a call, got ${ids.length}` });
      }
      return users.getMany([...new Set(ids)], ctx);
    },

    async createUser(input: UserInput, ctx: CallContext) {
      const valid = validateUserInput(input);
      return emailInUse(users.create(valid, BigInt(now()), ctx));
    },

    async updateUser(id: bigint, input: UserInput, ctx: CallContext) {
      const valid = validateUserInput(input);
      const user = await emailInUse(users.update(id, valid, BigInt(now()), ctx));
      if (!user) throw new UserNotFound({ id, message: `no user with id ${id}` });
      return user;
    },
  } satisfies UserServiceHandler;
}
