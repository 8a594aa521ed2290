// The access log's redaction (nginx/gateway/logging.conf, 4): the expression nginx runs on
// every request's path and User-Agent, read from the file and run here as JavaScript (it
// uses nothing PCRE and JavaScript read differently), over the whole class of credentials
// a caller may quote (the forms shared/src/server/log-safety.ts recognises in the
// services' lines) and over what stock clients send every day, which must stay readable.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";

const conf = readFileSync(join(__dirname, "../gateway/logging.conf"), "utf8");
const source = /map "\$request_path\|\$http_user_agent" \$caller_text_redacted \{\s*"~\*(.*)" 1;/.exec(conf)?.[1];
// In the file the expression is an nginx string: `\"` stands for `"`.
const redacted = new RegExp(source!.replaceAll('\\"', '"'), "i");
/** What nginx matches: the path, `|`, the User-Agent. */
const matches = (path: string, userAgent: string) => redacted.test(`${path}|${userAgent}`);

const token = fc.stringMatching(/^[\w.~+/-]{1,40}=*$/);
const anyCase = (word: string) =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));

describe("The access log's redaction", () => {
  test("is found in logging.conf", () => {
    expect(source).toEqual(expect.any(String));
  });

  test("When an auth scheme and a token stand in a User-Agent or a path (a space or %20 between) Then the line is redacted", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("basic", "bearer", "digest", "negotiate").chain(anyCase),
        fc.constantFrom(" ", "  ", "%20"),
        token,
        fc.string({ maxLength: 20 }),
        fc.boolean(),
        (scheme, space, secret, before, inPath) => {
          const text = `${before} ${scheme}${space}${secret}`;
          expect(inPath ? matches(`/echo/${text}`, "curl/8") : matches("/echo", text)).toBe(true);
        },
      ),
    );
  });

  test.each([
    ["a header line", "x Authorization: Bearer abc"],
    ["a cookie", "x cookie: session=abc"],
    ["an API key", "x X-Api-Key: abc"],
    ["a URL's password", "fetch https://me:secret@example.org/"],
    ["a password setting", "tool password=abc"],
    ["a quoted password setting", 'tool {"passwd": "abc"}'],
  ])("When a User-Agent quotes %s Then the line is redacted", (_, userAgent) => {
    expect(matches("/echo", userAgent)).toBe(true);
  });

  test.each([
    "Thrift/0.17.0 (C++/THttpClient)",
    "Python/THttpClient",
    "Java/THttpClient/HC",
    "Go-http-client/2.0",
    "Ruby",
    "PHP/THttpClient",
    "libwww-perl/6.68",
    "curl/8.5.0",
    "undici",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  ])("When a stock client's User-Agent is %s Then the line keeps it", (userAgent) => {
    for (const path of ["/echo", "/data/get", "/user/getUser", "/_playground/", "/basic/path"]) {
      expect(matches(path, userAgent)).toBe(false);
    }
  });
});
