// The gateway's check that a path is in normal form (nginx/gateway/request-paths.conf):
// the expression nginx runs on "$uri $request_uri" for every request, read from the file
// and run here as JavaScript (a lookahead, classes and escapes, which PCRE and JavaScript
// read alike), over the whole class of paths: every path in normal form passes, whatever
// its query holds; a percent-encoded byte, a dot segment or an empty segment anywhere in
// the path is refused; and nginx's own internal locations always pass.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";

const conf = readFileSync(join(__dirname, "../gateway/request-paths.conf"), "utf8");
const source = /if \(\$request_path_check ~ "(.*)"\) \{\s*return 400;/.exec(conf)?.[1];
const notNormal = new RegExp(source!);
/** Whether nginx refuses a request whose normalized path is `uri`, written as `requestUri`. */
const refused = (uri: string, requestUri: string) => notNormal.test(`${uri} ${requestUri}`);

/** A path segment as names are written: letters, digits, `_ . ~ -`, but not `.` or `..` alone. */
const segment = fc.stringMatching(/^[\w.~-]{1,12}$/).filter((name) => name !== "." && name !== "..");
const normalPath = fc.array(segment, { minLength: 1, maxLength: 5 }).map((names) => `/${names.join("/")}`);
/** Any query, `%`, `//` and `..` included: a GET call's message, base64url or not. */
const query = fc.option(
  fc.string({ maxLength: 30 }).map((text) => `?${text.replaceAll(" ", "+")}`),
  { nil: "" },
);

describe("The gateway's check of paths in normal form", () => {
  test("is found in request-paths.conf", () => {
    expect(source).toEqual(expect.any(String));
  });

  test("When a path is in normal form Then it passes, whatever its query holds", () => {
    fc.assert(fc.property(normalPath, query, (path, rest) => expect(refused(path, `${path}${rest}`)).toBe(false)));
  });

  test("When a percent-encoded byte, a . or .. segment or an empty segment stands anywhere in the path Then it is refused", () => {
    const flaw = fc.constantFrom("%2f", "%2F", "%2e", "%65", "%00", "%", "/.", "/..", "/./", "/../", "//");
    fc.assert(
      fc.property(normalPath, fc.nat(), flaw, query, (path, at, inserted, rest) => {
        // Inserted after a slash, or at the path's end: what nginx would resolve or decode.
        const slashes = [...path.matchAll(/\//g)].map((match) => match.index);
        const cut = inserted.startsWith("/") ? path.length : slashes[at % slashes.length]! + 1;
        const written = `${path.slice(0, cut)}${inserted}${path.slice(cut)}`;
        expect([written, refused(path, `${written}${rest}`)]).toEqual([written, true]);
      }),
    );
  });

  test("When nginx sends a request on to one of its own locations Then it passes, whatever was written", () => {
    fc.assert(
      fc.property(fc.constantFrom("/_gateway/error", "/_gateway/unauthenticated"), fc.string(), (uri, written) =>
        expect(refused(uri, `/${written}`)).toBe(false),
      ),
    );
  });

  test.each([
    "/echo",
    "/echo/echo",
    "/data/get?p=binary&m=gAEAAQAAAANnZXQAAAAACwABAAAAAWEA",
    "/user/getUser?p=compact&m=giEAB2dldFVzZXIcFgIA",
    "/_playground/",
    "/_playground/assets/index-3f9a.js",
    "/healthz",
  ])("When a client asks for %s, a path of the gateway's own, Then it passes", (path) => {
    expect(refused(path.split("?")[0]!, path)).toBe(false);
  });
});
