// Checks a UserInput before it reaches storage. The first bad field is reported in
// InvalidUser.field, so a form can point at it. The README ("What a valid user is")
// states these rules for callers: keep the two in step.
import { InvalidUser, Role, type UserInput } from "./gen/user";
import type { ValidUserInput } from "./repository";

/** RFC 5321's limit on an address, in characters (Unicode code points). */
export const maxEmailCharacters = 254;
/** In characters (Unicode code points), after surrounding spaces are trimmed. */
export const maxNameCharacters = 100;

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Characters no field may hold anywhere (checked before trimming, so a trailing
 * newline is refused, not trimmed away):
 * - control characters (\p{Cc}: C0, DEL, C1): NUL and the rest break logs, terminals,
 *   C strings and any JSON written by a careless tool;
 * - surrogates (\p{Cs}): a lone one is no character, and no UTF-8 can hold it;
 * - U+FFFD: what a UTF-8 decoder puts for invalid bytes (the binary and compact
 *   protocols do, and turn a lone surrogate into it), so invalid text is refused
 *   rather than stored as a row of replacement characters;
 * - format characters (\p{Cf}): invisible, and the bidirectional ones reorder what is
 *   displayed around them, which lets one name pass for another;
 * - line and paragraph separators (\p{Zl}, \p{Zp}): invisible line breaks;
 * - private-use characters (\p{Co}) and noncharacters: no meaning shared between systems.
 */
const refusedInEmail = /[\p{Cc}\p{Cs}\p{Cf}\p{Co}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}\uFFFD]/u;
/**
 * The same for names, but for the format characters that text in some languages and
 * emoji need: the zero-width non-joiner and joiner (Persian, Indic scripts, emoji
 * sequences such as 👩‍💻) and the tag characters of subdivision flags.
 */
const refusedInName =
  /[\p{Cc}\p{Cs}\p{Co}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}\uFFFD]|(?!\u200C|\u200D|[\u{E0020}-\u{E007F}])\p{Cf}/u;

const roles: readonly Role[] = [Role.MEMBER, Role.ADMIN];

const invisible = (field: string) =>
  new InvalidUser({ field, message: `${field} must not contain control, invisible or invalid characters` });

/** The Unicode code points of `text`, counted without making an array. */
function characters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function validateUserInput(input: UserInput): ValidUserInput {
  if (refusedInEmail.test(input.email)) throw invisible("email");
  // Emails are compared without case, so "Ada@X.org" and "ada@x.org" are one user.
  const email = input.email.trim().toLowerCase();
  if (!emailShape.test(email) || characters(email) > maxEmailCharacters) {
    throw new InvalidUser({
      field: "email",
      message: `email must look like name@example.org, at most ${maxEmailCharacters} characters`,
    });
  }
  if (refusedInName.test(input.name)) throw invisible("name");
  const name = input.name.trim();
  if (name.length === 0 || characters(name) > maxNameCharacters) {
    throw new InvalidUser({ field: "name", message: `name must be 1 to ${maxNameCharacters} characters` });
  }
  const role = input.role ?? Role.MEMBER;
  if (!roles.includes(role)) {
    throw new InvalidUser({ field: "role", message: `role must be one of ${roles.join(", ")}` });
  }
  return { email, name, role };
}
