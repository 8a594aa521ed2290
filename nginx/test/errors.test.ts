// The gateway's own error answers (nginx/gateway/errors.conf, error-codes.conf), checked
// against nginx's list of statuses and against the services' codes, read from the
// sources: a status answered by both carries the same code, whichever of the two answers.
import { STATUS_CODES } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

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

/** Every `error_page` of errors.conf: the statuses it catches and the status it sends. */
function errorPages(): { caught: number[]; sent: number | undefined; uri: string }[] {
  return [...read("nginx/gateway/errors.conf").matchAll(/^error_page\s+([\d\s]+?)\s+(?:=(\d{3})\s+)?(\S+);$/gm)].map(([, caught, sent, uri]) => ({
    caught: caught!.split(/\s+/).map(Number),
    sent: sent === undefined ? undefined : Number(sent),
    uri: uri!,
  }));
}

/** The services' `httpError(<status>, "<code>"` and `sendError(ctx, <status>, "<code>"` calls. */
function serviceCodes(): Map<number, Set<string>> {
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
      .map((entry) => join(entry.parentPath, entry.name));
  const services = readdirSync(join(root, "services"), { withFileTypes: true }).filter((entry) => entry.isDirectory());
  const files = [...sources("shared/src"), ...services.flatMap((entry) => sources(`services/${entry.name}/src`))];
  const codes = new Map<number, Set<string>>();
  for (const file of files) {
    for (const [, status, code] of readFileSync(file, "utf8").matchAll(/\b(?:httpError|sendError)\((?:ctx,\s*)?(\d{3}),\s*"([a-z_]+)"/g)) {
      codes.set(Number(status), (codes.get(Number(status)) ?? new Set()).add(code!));
    }
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
    const sent = [...new Set(pages.filter((page) => page.uri === "/_gateway/error").flatMap((page) => (page.sent ? [page.sent] : page.caught)))];
    expect(sent.filter((status) => STATUS_CODES[status] === undefined || !bodies.has(String(status)))).toEqual([]);
  });

  test("every body is the services' shape, a code and a message", () => {
    for (const body of bodies.values()) {
      expect(body).toEqual({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) });
      expect(Object.keys(body as ErrorBody)).toEqual(["code", "message"]);
    }
  });

  test("a status both the gateway and a service answer carries the same code from both", () => {
    const services = serviceCodes();
    expect(services.get(504)).toEqual(new Set(["deadline_exceeded"]));
    const shared = [...services.keys()].filter((status) => bodies.has(String(status))).sort();
    const differing = shared.filter((status) => !services.get(status)!.has((bodies.get(String(status)) as ErrorBody).code));
    expect({ shared: shared.length > 0, differing }).toEqual({ shared: true, differing: [] });
  });
});
