// The gateway's map of shared (publicly cached) methods, generated from the IDLs' cache
// annotations, inherited methods included.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSharedMethods, sharedMethodPaths } from "./shared-methods";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "shared-methods-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function idl(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

const reads = `
service Base {
  string shared() (idempotency = "no_side_effects", cache.max_age = "5", cache.shared = "true")
}
service Store extends Base {
  string everyone(1: string key) (idempotency = "no_side_effects", cache.max_age = "10", cache.shared = "true")
  string perCaller(1: string key) (idempotency = "no_side_effects", cache.max_age = "10")
  string sharedFalse(1: string key) (idempotency = "no_side_effects", cache.max_age = "10", cache.shared = "false")
  string uncached(1: string key) (idempotency = "no_side_effects")
  void write(1: string key) (idempotency = "idempotent")
  oneway void later(1: string key)
}
`;

describe("the gateway's shared methods", () => {
  test("When a method's reply is public for an authenticated caller Then it is listed, inherited ones too", () => {
    expect(sharedMethodPaths({ mountPath: "/store", file: idl("store.thrift", reads) })).toEqual([
      "/store/shared",
      "/store/everyone",
    ]);
  });

  test("When services are mounted Then the map lists each shared method's path, aligned, default last", () => {
    const store = { mountPath: "/store", file: idl("store.thrift", reads) };
    const plain = { mountPath: "/a/plain", file: idl("plain.thrift", "service Plain { void ping() }") };
    const text = generateSharedMethods([plain, store]);
    expect(text.slice(text.indexOf("map "))).toBe(
      ["map $uri $cache_skip {", "  /store/shared   0;", "  /store/everyone 0;", "  default         1;", "}", ""].join(
        "\n",
      ),
    );
    expect(text).toMatch(/^# Generated from the services' IDL by `make gen`/);
  });

  test("When no method is shared Then the map holds the default alone", () => {
    const text = generateSharedMethods([{ mountPath: "/p", file: idl("p.thrift", "service P { void ping() }") }]);
    expect(text.slice(text.indexOf("map "))).toBe("map $uri $cache_skip {\n  default 1;\n}\n");
  });

  test("When an IDL is wrong Then generation fails saying where", () => {
    expect(() =>
      generateSharedMethods([{ mountPath: "/p", file: idl("p.thrift", "service P { void ping( }") }]),
    ).toThrow(/p\.thrift:1:/);
  });
});
