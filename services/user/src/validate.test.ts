// The rules of a valid user (README, "What a valid user is"), over whole classes of
// input (fast-check): every refused character anywhere in either field, every length,
// and names and emails in any script that must pass.
import fc from "fast-check";
import { InvalidUser, Role, type UserInput } from "./gen/user";
import { maxEmailCharacters, maxNameCharacters, validateUserInput } from "./validate";

function refusal(input: UserInput): unknown {
  try {
    validateUserInput(input);
  } catch (error) {
    return error;
  }
  throw new Error("the input was accepted");
}

const badEmail = "email must look like name@example.org, at most 254 characters";
const badName = "name must be 1 to 100 characters";
const invisible = (field: string) => `${field} must not contain control, invisible or invalid characters`;

const codePoint = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCodePoint(c));
const unit = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));

/** Every character no field may hold, by class, listed from the Unicode standard. */
const refusedEverywhere = {
  "a C0 control": codePoint(0x00, 0x1f),
  DEL: fc.constant("\u007f"),
  "a C1 control": codePoint(0x80, 0x9f),
  "a lone surrogate": unit(0xd800, 0xdfff),
  "U+FFFD": fc.constant("\ufffd"),
  "a bidirectional control": fc.constantFrom(
    "\u061c",
    "\u200e",
    "\u200f",
    ..."\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
  ),
  "an invisible format character": fc.constantFrom(
    "\u00ad",
    "\u200b",
    "\u2060",
    "\u2061",
    "\u2064",
    "\ufeff",
    "\u{110bd}",
    "\u{1bca0}",
    "\u{e0001}",
  ),
  "a line or paragraph separator": fc.constantFrom("\u2028", "\u2029"),
  "a private-use character": fc.oneof(
    codePoint(0xe000, 0xf8ff),
    codePoint(0xf0000, 0xffffd),
    codePoint(0x100000, 0x10fffd),
  ),
  "a noncharacter": fc.oneof(
    codePoint(0xfdd0, 0xfdef),
    fc
      .integer({ min: 0, max: 16 })
      .chain((plane) => fc.constantFrom(plane * 0x10000 + 0xfffe, plane * 0x10000 + 0xffff))
      .map((c) => String.fromCodePoint(c)),
  ),
};
/** What an email may not hold beyond those: the joiners names keep. */
const refusedInEmailOnly = fc.constantFrom("\u200c", "\u200d", "\u{e0067}");

/** Letters, marks, digits, punctuation, symbols and emoji of many scripts. */
const nameCharacter = fc.constantFrom(
  ..."aZéÉßøİıж漢字한글ع ب א ש ह ि ক ๆ ñ ç'’-.,0123456789·",
  "😀",
  "👩\u200d💻",
  "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
  "\u0928\u094d\u200c",
  "e\u0301",
  "\u00a0",
);
const name = fc
  .string({ unit: nameCharacter, minLength: 1, maxLength: 60 })
  .filter((text) => text.trim().length > 0 && [...text.trim()].length <= maxNameCharacters);
const emailPart = fc
  .string({ unit: fc.constantFrom(..."abcxyz09._+-ÄéÑ漢"), minLength: 1, maxLength: 20 })
  .filter((s) => !s.includes(".."));
const email = fc
  .tuple(emailPart, emailPart, fc.constantFrom("org", "com", "dev"))
  .map(([local, host, tld]) => `${local}@${host}.${tld}`);

/** `inserted` put into `text` at `at` (any position, ends included). */
const insert = (text: string, inserted: string, at: number) => {
  const i = at % (text.length + 1);
  return text.slice(0, i) + inserted + text.slice(i);
};

describe("validateUserInput", () => {
  test("trims, lower-cases the email, and makes a member by default", () => {
    expect(validateUserInput({ email: "  Ada@Example.ORG ", name: " Ada Lovelace " })).toEqual({
      email: "ada@example.org",
      name: "Ada Lovelace",
      role: Role.MEMBER,
    });
    expect(validateUserInput({ email: "root@example.org", name: "Root", role: Role.ADMIN }).role).toBe(Role.ADMIN);
  });

  test("accepts names and emails in any script, emoji and their joiners included, as given but trimmed", () => {
    fc.assert(
      fc.property(email, name, fc.constantFrom(Role.MEMBER, Role.ADMIN, undefined), (emailText, nameText, role) => {
        expect(validateUserInput({ email: emailText, name: nameText, role })).toEqual({
          email: emailText.toLowerCase(),
          name: nameText.trim(),
          role: role ?? Role.MEMBER,
        });
      }),
    );
  });

  describe.each(Object.entries(refusedEverywhere))("When a field holds %s anywhere", (_class, character) => {
    test("Then InvalidUser names the email", () => {
      fc.assert(
        fc.property(email, name, character, fc.nat(), (emailText, nameText, c, at) => {
          const error = refusal({ email: insert(emailText, c, at), name: nameText });
          expect(error).toBeInstanceOf(InvalidUser);
          expect(error).toMatchObject({ field: "email", message: invisible("email") });
        }),
      );
    });

    test("Then InvalidUser names the name", () => {
      fc.assert(
        fc.property(email, name, character, fc.nat(), (emailText, nameText, c, at) => {
          expect(refusal({ email: emailText, name: insert(nameText, c, at) })).toMatchObject({
            field: "name",
            message: invisible("name"),
          });
        }),
      );
    });
  });

  test("When an email holds a joiner or tag character Then InvalidUser: only names keep them", () => {
    fc.assert(
      fc.property(email, refusedInEmailOnly, fc.nat(), (emailText, c, at) => {
        expect(refusal({ email: insert(emailText, c, at), name: "Ada" })).toMatchObject({
          field: "email",
          message: invisible("email"),
        });
      }),
    );
  });

  test("counts characters as Unicode code points, surrounding spaces trimmed", () => {
    const emoji = "😀".repeat(maxNameCharacters);
    expect(validateUserInput({ email: "a@b.org", name: `  ${emoji}  ` }).name).toBe(emoji);
    expect(refusal({ email: "a@b.org", name: `${emoji}a` })).toMatchObject({ field: "name", message: badName });
    const longest = `${"é".repeat(maxEmailCharacters - 6)}@b.org`;
    expect(validateUserInput({ email: longest, name: "A" }).email).toBe(longest);
    expect(refusal({ email: `e${longest}`, name: "A" })).toMatchObject({ field: "email", message: badEmail });
  });

  test.each([
    ["an email without @", { email: "ada.example.org", name: "Ada" }, "email", badEmail],
    ["an email with two @", { email: "ada@b@example.org", name: "Ada" }, "email", badEmail],
    ["an email without a domain dot", { email: "ada@example", name: "Ada" }, "email", badEmail],
    ["an email with spaces", { email: "ada lovelace@example.org", name: "Ada" }, "email", badEmail],
    ["an email with a trailing newline", { email: "ada@example.org\n", name: "Ada" }, "email", invisible("email")],
    ["an email with NUL", { email: "ada\u0000@example.org", name: "Ada" }, "email", invisible("email")],
    ["a blank name", { email: "ada@example.org", name: " \u00a0 " }, "name", badName],
    ["an empty name", { email: "ada@example.org", name: "" }, "name", badName],
    ["a name with a tab", { email: "ada@example.org", name: "Ada\tLovelace" }, "name", invisible("name")],
    [
      "a name with a right-to-left override",
      { email: "ada@example.org", name: "Ada\u202eecalevol" },
      "name",
      invisible("name"),
    ],
    ["an unknown role", { email: "ada@example.org", name: "Ada", role: 7 as Role }, "role", "role must be one of 1, 2"],
  ])("refuses %s, naming the field", (_case, input, field, message) => {
    const error = refusal(input);
    expect(error).toBeInstanceOf(InvalidUser);
    expect(error).toMatchObject({ field, message });
  });
});
