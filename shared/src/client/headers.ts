// The headers a caller may add to its calls, checked once (names, values that could
// end the line, names the client sets itself), and the Authorization header of its
// credentials.
import type { ClientAuth } from "./options";

// RFC 9110 token: what a header name may be made of.
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A value must not end the header line early (header injection).
const invalidValue = /[\r\n\0]/;
// Set by the client itself on every call; a caller's value would clash with them.
const reserved = new Set([
  "accept",
  "accept-encoding",
  "connection",
  "content-encoding",
  "content-length",
  "content-type",
  "host",
  "thrift-timeout-ms",
  "transfer-encoding",
  "x-request-id",
]);

/** The headers with lower-cased names; throws a `TypeError` for a malformed or reserved one. */
export function normalizeHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!headerName.test(name)) throw new TypeError(`Invalid header name: ${JSON.stringify(name)}`);
    if (reserved.has(lower)) throw new TypeError(`Header ${lower} is set by the client and cannot be given`);
    if (typeof value !== "string" || invalidValue.test(value)) {
      throw new TypeError(`Invalid value for header ${lower}: it must be a string without CR, LF or NUL`);
    }
    normalized[lower] = value;
  }
  return normalized;
}

// RFC 6750 token68: the characters a Bearer token may have.
const token68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The `Authorization` header for `auth`; throws if the credentials cannot be sent as given. */
export function authorizationHeader(auth: ClientAuth): string {
  if ("bearer" in auth) {
    if (!token68.test(auth.bearer)) throw new TypeError("auth.bearer must be a non-empty token68 string");
    return `Bearer ${auth.bearer}`;
  }
  const { username, password } = auth.basic;
  // RFC 7617: the first colon separates the user name from the password.
  if (username.includes(":")) throw new TypeError("auth.basic.username must not contain a colon");
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}
