// The credential lists every side reads, `name:secret,name2:secret2` (AUTH_BASIC_USERS,
// AUTH_BEARER_TOKENS): parsed here once, for the services' configuration, command-line
// callers and the stack tests. The gateway's entrypoint reads the same lists in shell
// (nginx/entrypoint.sh); nginx/test/entrypoint.test.ts holds it to this parser over
// random lists.

/** A credential list cannot be read. Its message names the setting and the entry, never a secret. */
export class CredentialsError extends Error {
  override readonly name = "CredentialsError";
}

/** A name: what a log line and a rate limit may show of a caller. */
const credentialName = /^[\w.@-]{1,64}$/;

/** The blanks around an entry that are not part of it: ASCII white space only, as in shell. */
const blanks = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;

/**
 * Parses `name:secret,name2:secret2`. Secrets may contain `:` but not `,`; ASCII blanks
 * around entries are ignored; empty entries are skipped. Names are 1 to 64 letters,
 * digits and `. _ @ -`, each listed once.
 */
export function parseCredentials(text: string, setting: string): Map<string, string> {
  const credentials = new Map<string, string>();
  const entries = text
    .split(",")
    .map((entry) => entry.replace(blanks, ""))
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(":");
    const name = entry.slice(0, Math.max(colon, 0));
    const secret = entry.slice(colon + 1);
    if (colon < 0 || !credentialName.test(name) || !secret) {
      throw new CredentialsError(
        `Setting ${setting}: entry ${index + 1} must be name:secret, the name made of letters, digits and . _ @ -`,
      );
    }
    if (credentials.has(name)) throw new CredentialsError(`Setting ${setting}: ${name} is listed twice`);
    credentials.set(name, secret);
  });
  return credentials;
}
