// The committed Apache-generated client (__fixtures__/apache-js) is what Apache's
// compiler generates from today's ThriftTest.thrift: a changed IDL fails here until the
// fixture is regenerated with the command in its README.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateWithApache } from "./__fixtures__/apache-idl";

const fixture = join(__dirname, "__fixtures__", "apache-js");

it("When Apache's compiler generates JavaScript from ThriftTest.thrift Then it is the committed fixture", () => {
  const dir = mkdtempSync(join(tmpdir(), "conformance-js-"));
  try {
    generateWithApache("js:node,es6", dir);
    const files = (at: string) =>
      readdirSync(at)
        .filter((name) => name.endsWith(".js"))
        .sort();
    expect(files(dir)).toEqual(files(fixture));
    for (const name of files(fixture)) {
      expect([name, readFileSync(join(dir, name), "utf8")]).toEqual([name, readFileSync(join(fixture, name), "utf8")]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
