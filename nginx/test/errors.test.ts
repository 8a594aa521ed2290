// The gateway's own error answers (nginx/gateway/errors.conf, error-codes.conf), checked
// against nginx's list of statuses and against the one list of error codes the services
// answer with too (shared/src/core/error-codes.ts): a status answered by both carries the
// same code, whichever of the two answers.
import { STATUS_CODES } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { errorCodes, isErrorCode, type ErrorCode } from "@starter/shared/client";

const root = join(__dirname, "../..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

interface ErrorBody {
  code: string;
  message: string;
}

/** `map $status $gateway_error { <status> '<json>\n'; … }` of error-codes.conf, by status. */
function gatewayBodies(): Map<string, unknown> {
  const block = /^map \$status \$gateway_error \{\n([\s\S]*?)\n\}/m.exec(read("nginx/gateway/error-codes.conf"))?.[1];
  if (block === undefined) throw new Error("nginx/gateway/error-codes.conf has no `map $status $gateway_error` block");
  const entries = [...block.matchAll(/^\s+(\d{3}|default)\s+'(.*)\\n';$/gm)];
  expect(entries.length).toBe(block.split("\n").filter((line) => /^\s+\S/.test(line)).length);
  return new Map(entries.map(([, status, body]) => [status!, JSON.parse(body!)]));
}

interface ErrorPage {
  caught: number[];
  sent: number | undefined;
  uri: string;
}

/** Every `error_page` of a file, with those of the files it includes first where it does. */
function errorPagesOf(file: string): ErrorPage[] {
  const text = read(file);
  const pages = [...text.matchAll(/^error_page\s+([\d\s]+?)\s+(?:=(\d{3})\s+)?(\S+);$/gm)].map(
    ([, caught, sent, uri]) => ({
      caught: caught!.split(/\s+/).map(Number),
      sent: sent === undefined ? undefined : Number(sent),
      uri: uri!,
    }),
  );
  return text.includes("include gateway/error-pages.conf;")
    ? [...errorPagesOf("nginx/gateway/error-pages.conf"), ...pages]
    : pages;
}

/** The server's error pages (errors.conf), the ones a location sets again included. */
const errorPages = (): ErrorPage[] => errorPagesOf("nginx/gateway/errors.conf");

/** The codes of the list the services' sources answer with: `"<code>"` in a source of shared/src or services/. */
function serviceCodes(): Set<ErrorCode> {
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
      .filter((entry) => entry.name !== "error-codes.ts" && !entry.parentPath.includes("fixtures"))
      .map((entry) => join(entry.parentPath, entry.name));
  const services = readdirSync(join(root, "services"), { withFileTypes: true }).filter((entry) => entry.isDirectory());
  const files = [...sources("shared/src"), ...services.flatMap((entry) => sources(`services/${entry.name}/src`))];
  const codes = new Set<ErrorCode>();
  for (const file of files) {
    for (const [, code] of readFileSync(file, "utf8").matchAll(/"([a-z_]+)"/g)) if (isErrorCode(code)) codes.add(code);
  }
  return codes;
}

/**
 * The statuses nginx produces on its own (its special responses), besides this config's:
 * 401 and 403 (require-auth.conf, unauthenticated.conf), 404 (the catch-all), 429 (limits).
 */
const nginxOwn = [400, 405, 408, 413, 414, 494, 495, 496, 497, 500, 501, 502, 503, 504, 505];

describe("The gateway's error answers", () => {
  const bodies = gatewayBodies();
  const pages = errorPages();

  test("every status nginx produces on its own, and this config's, is sent to an error page", () => {
    const caught = pages.flatMap((page) => page.caught).sort((a, b) => a - b);
    expect(caught).toEqual([...nginxOwn, 401, 403, 404, 429].sort((a, b) => a - b));
  });

  test("every status sent is a standard one (nginx's 494-497 are not) with a body of its own", () => {
    const sent = [
      ...new Set(
        pages
          .filter((page) => page.uri === "/_gateway/error")
          .flatMap((page) => (page.sent ? [page.sent] : page.caught)),
      ),
    ];
    expect(sent.filter((status) => STATUS_CODES[status] === undefined || !bodies.has(String(status)))).toEqual([]);
  });

  test("the playground keeps every page of the server but one: its files' 405, sent as it is and not as 501", () => {
    const playground = errorPagesOf("nginx/gateway/playground.conf");
    const server = pages.filter((page) => !page.caught.includes(405));
    expect(playground).toEqual([...server, { caught: [405], sent: undefined, uri: "/_gateway/error" }]);
    // The Allow header names what the body says, as a service's 405 does (core/replies.ts).
    const allow = /^map \$status \$gateway_error_allow \{\n\s+405\s+"([^"]+)";$/m.exec(
      read("nginx/gateway/error-codes.conf"),
    )?.[1];
    expect(bodies.get("405")).toEqual({ code: "method_not_allowed", message: `Allowed here: ${allow}` });
    expect(allow).toBe("GET, HEAD");
  });

  test("every location and concern file that sets an error page of its own includes the shared ones, so none falls back to nginx's HTML pages", () => {
    const blocks = [
      ...[...read("nginx/conf.d/gateway.conf").matchAll(/^\s+location [^{]+\{\n([\s\S]*?)\n\s+\}$/gm)].map(
        ([whole, body]) => [whole!.split("{")[0]!.trim(), body!] as const,
      ),
      ...readdirSync(join(root, "nginx/gateway"))
        .filter((name) => name !== "error-pages.conf")
        .map((name) => [name, read(`nginx/gateway/${name}`)] as const),
    ];
    const setting = blocks.filter(([, body]) => /^\s*error_page /m.test(body));
    expect(setting.map(([where]) => where)).toEqual(["location = /_playground", "errors.conf", "playground.conf"]);
    expect(setting.filter(([, body]) => !body.includes("include gateway/error-pages.conf;"))).toEqual([]);
  });

  test("every body is the services' shape, a code and a message", () => {
    for (const body of bodies.values()) {
      expect(body).toEqual({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) });
      expect(Object.keys(body as ErrorBody)).toEqual(["code", "message"]);
    }
  });

  test("every code the gateway sends is one of the list's, sent with one of its statuses", () => {
    const sent = [...bodies].map(([status, body]) => [status, (body as ErrorBody).code] as const);
    const strays = sent.filter(
      ([status, code]) =>
        !isErrorCode(code) ||
        (status !== "default" && !(errorCodes[code] as readonly number[]).includes(Number(status))),
    );
    expect(strays).toEqual([]);
  });

  test("a status both the gateway and a service answer carries the same code from both", () => {
    // One code per status in the list: a status answered by both then has one code.
    const statuses = Object.values(errorCodes).flat();
    expect(statuses.length).toBe(new Set(statuses).size);
    const both = [...serviceCodes()].filter((code) => bodies.has(String(errorCodes[code][0])));
    expect(both).toContain("deadline_exceeded");
    expect(both.filter((code) => (bodies.get(String(errorCodes[code][0])) as ErrorBody).code !== code)).toEqual([]);
  });

  test("every code of the list is answered by a service or by the gateway", () => {
    const answered = new Set<string>([
      ...serviceCodes(),
      ...[...bodies.values()].map((body) => (body as ErrorBody).code),
    ]);
    expect(Object.keys(errorCodes).filter((code) => !answered.has(code))).toEqual([]);
  });
});
