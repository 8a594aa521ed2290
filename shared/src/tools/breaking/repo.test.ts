// `thrift-http breaking --against <ref> <pattern>...` (behind `make idl-breaking`) in a
// throwaway git repository: the working tree against a commit, includes followed at
// both, removed and added files, acknowledged breaks, and refs that are not there.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeTree, type Run } from "./__fixtures__/breaking";
import { runBreaking } from "./run";

const patterns = ["services/*/*.thrift", "test/conformance/*.thrift"];
const base = {
  "services/a/a.thrift":
    'include "../../idl/common.thrift"\nservice A {\n  common.Item get(1: string key)\n  void gone()\n}\n',
  "services/b/b.thrift": "service B { void ping() }\n",
  "idl/common.thrift": "struct Item { 1: required string key; 2: i64 version }\n",
  "test/conformance/T.thrift": "enum Color { RED = 1 }\n",
  // Matched by no pattern and included by nothing: not compared.
  "docs/example.thrift": "service Example {}\n",
};

let root: string;

function git(...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
    cwd: root,
    encoding: "utf8",
  });
}

function against(ref: string, ...options: string[]): Run {
  const out: string[] = [];
  const err: string[] = [];
  const relative = (line: string) => line.replaceAll(`${root}`, "<root>");
  const code = runBreaking(
    [...options, "--against", ref, ...patterns],
    { out: (l) => out.push(relative(l)), err: (l) => err.push(relative(l)) },
    join(root, "services"),
  );
  return { code, out, err };
}

beforeEach(() => {
  root = writeTree(base);
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-q", "-m", "base");
  git("branch", "release/v1");
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("thrift-http breaking --against <ref> <pattern>...", () => {
  it("When nothing changed Then it is compatible", () => {
    expect(against("HEAD")).toEqual({ code: 0, out: ["compatible: no changes"], err: [] });
  });

  it("When files change, go and come Then each break is located, OLD ones at the ref, and it exits 1", () => {
    writeTree(
      {
        "services/a/a.thrift": 'include "../../idl/common.thrift"\nservice A {\n  common.Item get(1: string key)\n}\n',
        "idl/common.thrift": "struct Item { 1: required string key; 2: string version }\n",
        "services/c/c.thrift": "service C {}\n",
        "docs/example.thrift": "",
      },
      root,
    );
    unlinkSync(join(root, "services/b/b.thrift"));

    expect(against("release/v1", "-v")).toEqual({
      code: 1,
      out: [
        "idl/common.thrift:1:39: break field-type-changed: Item.version: field 2: was i64, is string",
        "release/v1:services/a/a.thrift:4:3: break method-removed: A.gone: no longer served by A",
        "release/v1:services/b/b.thrift:1:1: break file-removed: services/b/b.thrift: the file is removed",
        "services/c/c.thrift:1:1: safe file-added: services/c/c.thrift: the file is added",
        "3 breaking changes; 1 safe change",
      ],
      err: [],
    });
  });

  it("When the breaks are acknowledged Then it exits 0 and says which line acknowledged each", () => {
    writeTree({ "services/b/b.thrift": "service B {}\n" }, root);
    writeFileSync(join(root, "acks.txt"), "services/b/b.thrift method-removed B.ping: replaced by the health check\n");

    expect(against("HEAD", "--acks", "../acks.txt")).toEqual({
      code: 0,
      out: [
        "HEAD:services/b/b.thrift:1:13: acknowledged method-removed: B.ping: no longer served by B (../acks.txt:1: replaced by the health check)",
        "compatible: 1 acknowledged break",
      ],
      err: [],
    });
  });

  it("When a break is not acknowledged Then the hint names it by its repository path", () => {
    writeTree({ "services/b/b.thrift": "service B {}\n", "acks.txt": "" }, root);

    expect(against("HEAD", "--acks", "../acks.txt")).toEqual({
      code: 1,
      out: ["HEAD:services/b/b.thrift:1:13: break method-removed: B.ping: no longer served by B", "1 breaking change"],
      err: [
        "A deliberate break? Acknowledge it in ../acks.txt with the reason, reviewed with the change: services/b/b.thrift method-removed B.ping: <reason>",
      ],
    });
  });

  it("When a file is committed but changed in the working tree Then the working tree is what counts", () => {
    writeTree({ "services/b/b.thrift": "service B { void ping(); void pong() }\n" }, root);
    git("commit", "-q", "-am", "pong");
    writeTree({ "services/b/b.thrift": "service B { void ping() }\n" }, root);

    expect(against("HEAD").out).toEqual([
      "HEAD:services/b/b.thrift:1:26: break method-removed: B.pong: no longer served by B",
      "1 breaking change",
    ]);
    expect(against("HEAD~1")).toEqual({ code: 0, out: ["compatible: no changes"], err: [] });
  });

  it("When an untracked IDL is ignored by git Then it is not compared", () => {
    writeTree({ ".gitignore": "services/tmp/\n", "services/tmp/x.thrift": "service X {}\n" }, root);
    expect(against("HEAD")).toEqual({ code: 0, out: ["compatible: no changes"], err: [] });
  });

  it("When a pattern matches no file at the ref nor in the working tree Then it says so and exits 2", () => {
    const err: string[] = [];
    const code = runBreaking(
      ["--against", "HEAD", ...patterns, "services/*/*.thift"],
      { out: () => {}, err: (l) => err.push(l) },
      root,
    );
    expect({ code, err }).toEqual({
      code: 2,
      err: ["thrift-http breaking: services/*/*.thift matches no file, at HEAD nor in the working tree"],
    });
  });

  it("When the ref does not exist Then it says so and exits 2", () => {
    expect(against("no-such-branch")).toEqual({
      code: 2,
      out: [],
      err: ["thrift-http breaking: no-such-branch: no such commit in <root>"],
    });
  });

  it("When the ref looks like an option Then it is refused", () => {
    const err: string[] = [];
    const code = runBreaking(["--against=--output=x", ...patterns], { out: () => {}, err: (l) => err.push(l) }, root);
    expect({ code, err }).toEqual({ code: 2, err: ["thrift-http breaking: --output=x: not a git ref"] });
  });

  it("When a NEW file does not load Then its error is printed and it exits 2", () => {
    writeTree({ "services/b/b.thrift": "service B { void ping( }\n" }, root);
    expect(against("HEAD")).toEqual({
      code: 2,
      out: [],
      err: ['services/b/b.thrift:1:24: expected ")", "optional", "required", field id, identifier or type, found "}"'],
    });
  });

  it("When an OLD file does not load Then its error names it as git does", () => {
    writeTree({ "services/b/b.thrift": "service B { void ping( }\n" }, root);
    git("commit", "-q", "-am", "broken");
    writeTree({ "services/b/b.thrift": "service B { void ping() }\n" }, root);
    expect(against("HEAD")).toEqual({
      code: 2,
      out: [],
      err: [
        'HEAD:services/b/b.thrift:1:24: expected ")", "optional", "required", field id, identifier or type, found "}"',
      ],
    });
  });

  it("When the directory is in no git repository Then it exits 2", () => {
    const outside = mkdtempSync(join(tmpdir(), "no-git-"));
    try {
      const err: string[] = [];
      const code = runBreaking(["--against", "HEAD", "*.thrift"], { out: () => {}, err: (l) => err.push(l) }, outside);
      expect({ code, err: err.map((l) => l.split(":").slice(0, 2).join(":")) }).toEqual({
        code: 2,
        err: ["thrift-http breaking: git rev-parse"],
      });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
