// UserService, as declared in user.thrift: validation here, storage (and its cache)
// behind the injected repository.
import { type UserInput, UserNotFound, type UserServiceHandler, InvalidUser } from "./gen/user";
import { EmailTaken, type UserRepository } from "./repository";
import { validateUserInput } from "./validate";

function emailInUse<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof EmailTaken) throw new InvalidUser({ field: "email", message: "email is already in use" });
    throw error;
  }
}

/** `now` gives the time stamps (ms since the epoch); tests pass a fixed clock. */
export function createUserHandler(users: UserRepository, now: () => number = Date.now) {
  return {
    async getUser(id: bigint) {
      const user = users.get(id);
      if (!user) throw new UserNotFound({ id, message: `no user with id ${id}` });
      return user;
    },

    async getUsers(ids: bigint[]) {
      return users.getMany([...new Set(ids)]);
    },

    async createUser(input: UserInput) {
      const valid = validateUserInput(input);
      return emailInUse(() => users.create(valid, BigInt(now())));
    },

    async updateUser(id: bigint, input: UserInput) {
      const valid = validateUserInput(input);
      const user = emailInUse(() => users.update(id, valid, BigInt(now())));
      if (!user) throw new UserNotFound({ id, message: `no user with id ${id}` });
      return user;
    },
  } satisfies UserServiceHandler;
}
