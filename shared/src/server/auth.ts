// Who is calling, checked before the body is read or decoded, so an unauthenticated
// caller costs a header parse and nothing more. Basic (user:password) and Bearer
// (a named token) are both accepted; the identity is the user or the token's name.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Middleware } from "koa";
import { sendError } from "./errors";
import type { ServerState } from "./state";

export interface AuthOptions {
  /** Basic credentials: user name → password. */
  basicUsers: ReadonlyMap<string, string>;
  /** Bearer tokens: name → token. The name, never the token, is the caller's identity. */
  bearerTokens: ReadonlyMap<string, string>;
  /** The realm named in `WWW-Authenticate`, e.g. the service name. */
  realm: string;
}

// Comparing fixed-length digests with timingSafeEqual takes the same time whatever
// the inputs, so response times reveal neither a secret's length nor its prefix.
function digest(secret: string | Buffer): Buffer {
  return createHash("sha256").update(secret).digest();
}

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Authenticates every request it sees: mount it after the open endpoints (health, metrics). */
export function createAuth(options: AuthOptions): Middleware<ServerState> {
  const { basicUsers, bearerTokens, realm } = options;
  if (basicUsers.size === 0 && bearerTokens.size === 0) {
    throw new TypeError("createAuth: no credentials given; configure Basic users or Bearer tokens");
  }
  if (!/^[\x20-\x7e]+$/.test(realm) || /["\\]/.test(realm)) {
    throw new TypeError("createAuth: realm must be printable ASCII without quotes or backslashes");
  }
  for (const [name, secret] of [...basicUsers, ...bearerTokens]) {
    if (!name || !secret) throw new TypeError("createAuth: every user and token needs a name and a non-empty secret");
  }
  for (const user of basicUsers.keys()) {
    if (user.includes(":")) throw new TypeError(`createAuth: Basic user name "${user}" contains ":"`);
  }
  const passwords = new Map([...basicUsers].map(([user, password]) => [user, digest(password)]));
  const tokens = [...bearerTokens].map(([name, token]) => ({ name, hash: digest(token) }));
  // Checked in place of an unknown user's password, so unknown users take as long as known ones.
  const decoy = digest(randomBytes(32));

  const challenges = [];
  if (basicUsers.size > 0) challenges.push(`Basic realm="${realm}", charset="UTF-8"`);
  if (bearerTokens.size > 0) challenges.push(`Bearer realm="${realm}"`);
  const challenge = challenges.join(", ");

  function basicIdentity(encoded: string): string | undefined {
    if (!base64.test(encoded)) return undefined;
    const bytes = Buffer.from(encoded, "base64");
    // Canonical base64 only (padded, no stray bits), as the gateway matches it: one
    // credential has one spelling, and takes one place among the remembered headers.
    if (bytes.toString("base64") !== encoded) return undefined;
    const decoded = bytes.toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    const user = decoded.slice(0, colon);
    const expected = passwords.get(user);
    const matches = timingSafeEqual(digest(decoded.slice(colon + 1)), expected ?? decoy);
    return matches && expected ? user : undefined;
  }

  function bearerIdentity(token: string): string | undefined {
    const hash = digest(token);
    let identity: string | undefined;
    // Every token is compared, with no early exit, so timing does not tell which matched.
    for (const candidate of tokens) {
      if (timingSafeEqual(hash, candidate.hash)) identity ??= candidate.name;
    }
    return identity;
  }

  function identityOf(header: string): string | undefined {
    const [scheme = "", credentials = "", ...rest] = header.split(" ").filter(Boolean);
    if (!credentials || rest.length > 0) return undefined;
    const kind = scheme.toLowerCase();
    if (kind === "basic" && passwords.size > 0) return basicIdentity(credentials);
    if (kind === "bearer" && tokens.length > 0) return bearerIdentity(credentials);
    return undefined;
  }

  // A caller sends the same header on every call: once verified, it is remembered, so the
  // hashing is paid once per caller, not per call. Only accepted headers are kept (a
  // stranger cannot fill the map), and at most `maxRemembered` of them.
  const verified = new Map<string, string>();
  const maxRemembered = 1024;

  return (ctx, next) => {
    const header = ctx.get("Authorization");
    let identity = verified.get(header);
    if (identity === undefined) {
      identity = identityOf(header);
      if (identity !== undefined) {
        if (verified.size >= maxRemembered) verified.clear();
        verified.set(header, identity);
      }
    }
    if (identity === undefined) {
      ctx.set("WWW-Authenticate", challenge);
      sendError(ctx, "unauthenticated", header ? "invalid credentials" : "credentials required");
      return Promise.resolve();
    }
    ctx.state.identity = identity;
    return next();
  };
}
