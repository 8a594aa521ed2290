// What is stated twice is checked here: every rule with its verdict in docs/tools.md, and
// `make idl-breaking` comparing every IDL the generator is run on.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { matcher } from "./repo";
import { rules } from "./rules";

const root = join(__dirname, "../../../..");

describe("docs/tools.md", () => {
  it("lists every rule with its verdict, and no other", () => {
    const documented: Record<string, string> = {};
    for (const line of readFileSync(join(root, "docs/tools.md"), "utf8").split("\n")) {
      const row = /^\| ((?:`[a-z-]+`(?: \/ )?)+) \| (break|safe) \|/.exec(line);
      if (row === null) continue;
      for (const [, name] of row[1]!.matchAll(/`([a-z-]+)`/g)) documented[name!] = row[2]!;
    }
    const catalog = Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, rule.severity]));
    expect(documented).toEqual(catalog);
  });
});

describe("make idl-breaking", () => {
  it("compares every IDL the generator is run on (IDL_FILES in the Makefile)", () => {
    const patterns = /^IDL_FILES = (.+)$/m.exec(readFileSync(join(root, "Makefile"), "utf8"))![1]!.split(/\s+/);
    // Read from disk, not git: the tests also run in a copy of the starter without its history.
    const files = ["package.json", ...["services", "test/conformance"].flatMap((dir) => list(dir))];
    const compared = files.filter(matcher(patterns)).sort();

    const generated = files
      .filter((file) => /^(services\/[^/]+\/)?package\.json$/.test(file))
      .flatMap((file) => {
        const scripts = Object.values(
          (JSON.parse(readFileSync(join(root, file), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {},
        );
        const dir = file.replace(/package\.json$/, "");
        return scripts.flatMap((script) =>
          [...script.matchAll(/thrift-http-gen (?:--check )?(\S+\.thrift)/g)].map((m) => `${dir}${m[1]}`),
        );
      });
    expect(compared).toEqual([...new Set(generated)].sort());
  });
});

/** The files under `dir`, two levels deep at most, as repository paths (without node_modules). */
function list(dir: string, depth = 2): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isFile()) return [path];
    return entry.isDirectory() && depth > 1 && entry.name !== "node_modules" ? list(path, depth - 1) : [];
  });
}
