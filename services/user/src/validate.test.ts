import { InvalidUser, Role, type UserInput } from "./gen/user";
import { validateUserInput } from "./validate";

function refusal(input: UserInput): unknown {
  try {
    validateUserInput(input);
  } catch (error) {
    return error;
  }
  throw new Error("the input was accepted");
}

describe("validateUserInput", () => {
  test("trims, lower-cases the email, and makes a member by default", () => {
    expect(validateUserInput({ email: "  Ada@Example.ORG ", name: " Ada Lovelace " })).toEqual({
      email: "ada@example.org",
      name: "Ada Lovelace",
      role: Role.MEMBER,
    });
    expect(validateUserInput({ email: "root@example.org", name: "Root", role: Role.ADMIN }).role).toBe(Role.ADMIN);
  });

  const badEmail = "email must look like name@example.org, at most 254 characters";
  const badName = "name must be 1 to 100 characters, without control characters";
  test.each([
    ["an email without @", { email: "ada.example.org", name: "Ada" }, "email", badEmail],
    ["an email without a domain dot", { email: "ada@example", name: "Ada" }, "email", badEmail],
    ["an email with spaces", { email: "ada lovelace@example.org", name: "Ada" }, "email", badEmail],
    ["an email too long", { email: `${"a".repeat(250)}@x.org`, name: "Ada" }, "email", badEmail],
    ["a blank name", { email: "ada@example.org", name: "   " }, "name", badName],
    ["a name too long", { email: "ada@example.org", name: "a".repeat(101) }, "name", badName],
    ["a name with a control character", { email: "ada@example.org", name: "Ada\u0000" }, "name", badName],
    ["an unknown role", { email: "ada@example.org", name: "Ada", role: 7 as Role }, "role", "role must be one of 1, 2"],
  ])("refuses %s, naming the field", (_case, input, field, message) => {
    const error = refusal(input);
    expect(error).toBeInstanceOf(InvalidUser);
    expect(error).toMatchObject({ field, message });
  });
});
