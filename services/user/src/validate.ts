// Checks a UserInput before it reaches storage. The first bad field is reported in
// InvalidUser.field, so a form can point at it.
import { InvalidUser, Role, type UserInput } from "./gen/user";
import type { ValidUserInput } from "./repository";

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const controlCharacter = /\p{Cc}/u;
const roles: readonly Role[] = [Role.MEMBER, Role.ADMIN];

export function validateUserInput(input: UserInput): ValidUserInput {
  // Emails are compared without case, so "Ada@X.org" and "ada@x.org" are one user.
  const email = input.email.trim().toLowerCase();
  if (email.length > 254 || !emailShape.test(email)) {
    throw new InvalidUser({ field: "email", message: "email must look like name@example.org, at most 254 characters" });
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100 || controlCharacter.test(name)) {
    throw new InvalidUser({ field: "name", message: "name must be 1 to 100 characters, without control characters" });
  }
  const role = input.role ?? Role.MEMBER;
  if (!roles.includes(role)) {
    throw new InvalidUser({ field: "role", message: `role must be one of ${roles.join(", ")}` });
  }
  return { email, name, role };
}
