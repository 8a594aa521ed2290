// Apache's compiler as the oracle: for each IDL below, thrift-http-gen accepts it
// exactly when Debian's `thrift` (Apache Thrift 0.17) does. Cases where 0.17 and later
// Apache compilers differ (uuid, `&` references, keywords as field names) are left
// out (and `list cpp_type "x" <T>`, which 0.17 does not read yet); parse.test.ts
// follows the later grammar for those. Runs where `thrift` is
// installed (`apt-get install thrift-compiler`; CI installs it). Its verdict is taken
// from its Node.js generator (js:node), the one of our kind: its JSON generator alone
// fails on any constant that names a list or struct constant ("unset enum").
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IdlError } from "./errors";
import { generateFiles } from "./generate";

const installed = spawnSync("thrift", ["--version"]).status === 0;

const cases: readonly (readonly [string, Record<string, string>])[] = [
  [
    "separators optional in lists and maps",
    { "t.thrift": "const list<i32> L = [1 2; 3,]\nconst map<i32, i32> M = {1: 2 3: 4}" },
  ],
  [
    "namespace * and annotated namespaces",
    { "t.thrift": 'namespace * x\nnamespace java y (package = "z")\nstruct A {}' },
  ],
  ["an empty set default written {}", { "t.thrift": "struct A { 1: set<i32> s = {} }" }],
  ["a type used before its declaration", { "t.thrift": "struct A { 1: B b }\nstruct B { 1: i32 x }" }],
  ["a typedef used before its declaration", { "t.thrift": "struct A { 1: T t }\ntypedef list<i32> T" }],
  [
    "hex, signed and exponent literals",
    { "t.thrift": "const i32 H = -0x1F\nconst i64 P = +5\nconst double D = -1.5e-3\nconst double E = .5" },
  ],
  ["both quote kinds and escapes", { "t.thrift": "const string S = 'a\"b\\n'\nconst string T = \"c'd\\\\\"" }],
  [
    "annotations everywhere",
    {
      "t.thrift":
        'typedef i32 (a = "b") T (c)\nenum E { X (d) } (e)\nstruct S { 1: i32 f (g = "h") } (i)\nservice V { void m() (j) } (k)',
    },
  ],
  [
    "xsd_* and cpp_type",
    { "t.thrift": 'struct A xsd_all { 1: list<i32> cpp_type "x" f xsd_optional xsd_nillable xsd_attrs { 1: i32 a } }' },
  ],
  ["cpp_include and async", { "t.thrift": 'cpp_include "<x>"\nservice S { async void m() }' }],
  ["comments of every kind", { "t.thrift": "# a\n// b\n/* c */\n/** d */\nstruct A { 1: i32 x /* e */ ; // f\n}" }],
  [
    "extends, here and across an include",
    {
      "t.thrift": 'include "b.thrift"\nservice S extends b.P {}\nservice T extends S {}',
      "b.thrift": "service P { void p() }",
    },
  ],
  [
    "the same name in two included files",
    {
      "t.thrift": 'include "a.thrift"\ninclude "b.thrift"\nstruct S { 1: a.X x; 2: b.X y }',
      "a.thrift": "struct X {}",
      "b.thrift": "struct X {}",
    },
  ],
  [
    "an include found through -I",
    { "t.thrift": 'include "lib.thrift"\nstruct S { 1: lib.L l }', "inc/lib.thrift": "struct L {}" },
  ],
  ["a syntax error", { "t.thrift": "struct A { 1: i32 }" }],
  ["a semicolon after a struct", { "t.thrift": "struct A {};" }],
  ["an include after a definition", { "t.thrift": 'struct A {}\ninclude "b.thrift"', "b.thrift": "" }],
  ["a namespace in quotes", { "t.thrift": 'namespace php "x"' }],
  ["senum", { "t.thrift": 'senum S { "a" }' }],
  ["a bad escape", { "t.thrift": 'const string S = "\\q"' }],
  ["an integer over i64", { "t.thrift": "const i64 X = 9223372036854775808" }],
  ["an enum value over i32", { "t.thrift": "enum E { A = 2147483648 }" }],
  ["an unknown type", { "t.thrift": "struct A { 1: Missing m }" }],
  ["a type declared twice", { "t.thrift": "struct A {}\nstruct A {}" }],
  ["a field id used twice", { "t.thrift": "struct A { 1: i32 a; 1: i32 b }" }],
  ["a dot in a field name", { "t.thrift": "struct A { 1: i32 a.b }" }],
  ["extends of a service declared later", { "t.thrift": "service B extends A {}\nservice A {}" }],
  [
    "a method declared again by an extending service",
    { "t.thrift": "service A { void m() }\nservice B extends A { void m() }" },
  ],
  ["a constant using one declared later", { "t.thrift": "const i32 X = Y\nconst i32 Y = 1" }],
  ["a field default naming a constant declared later", { "t.thrift": "struct S { 1: i32 x = Y }\nconst i32 Y = 1" }],
  ["a field default of a type declared later", { "t.thrift": "struct S { 1: list<E> e = [0] }\nenum E { A }" }],
  ["an empty list default of a type declared later", { "t.thrift": "struct S { 1: list<E> e = [] }\nenum E { A }" }],
  [
    "a struct default of a type declared later",
    { "t.thrift": 'struct S { 1: T t = {"x": 1} }\nstruct T { 1: i32 x }' },
  ],
  ["a field default naming an earlier constant", { "t.thrift": "const i32 Y = 1\nstruct S { 1: i32 x = Y }" }],
  ["an enum member without its enum", { "t.thrift": "enum E { A }\nconst E X = A" }],
  ...[
    "const S Y = X",
    "struct T { 1: S s = X }",
    "const list<S> Y = [X]",
    "struct T { 1: S s }\nconst T Y = { 's': X }",
    "typedef S D\nconst D Y = X",
    "typedef S D\nconst list<D> Y = [X]",
  ].map(
    (use) =>
      [
        `a struct constant named: ${use}`,
        { "t.thrift": `struct S { 1: i32 a }\nconst S X = { 'a': 1 }\n${use}` },
      ] as const,
  ),
  ["a union constant named", { "t.thrift": "union U { 1: i32 a }\nconst U X = { 'a': 1 }\nconst U Y = X" }],
  ["a list constant named", { "t.thrift": "const list<i32> X = [1]\nconst list<i32> Y = X\nconst set<i32> Z = X" }],
  ["a member no enum has", { "t.thrift": "enum E { A }\nconst E X = E.B" }],
  // Apache's own EnumTest.thrift: only the member's name counts where an enum is expected.
  ["a member qualified by another enum", { "t.thrift": "enum E { A }\nenum F { B }\nstruct S { 1: F f = E.B }" }],
  ["a member qualified by no enum", { "t.thrift": "enum F { B }\nconst F X = Nothing.B" }],
  ["a qualified name that is nothing, as a number", { "t.thrift": "const i32 X = Nothing.B" }],
  [
    "constants and enum members of an included file",
    {
      "t.thrift":
        'include "b.thrift"\nconst b.E X = b.E.A\nconst i32 Y = b.N\nconst list<b.E> Z = [b.E.A, 1]\nstruct S { 1: b.E e = b.E.A; 2: i32 n = b.N }',
      "b.thrift": "enum E { A = 1 }\nconst i32 N = 2",
    },
  ],
  [
    "self-recursive and mutually recursive structs",
    { "t.thrift": "struct T { 1: list<T> kids; 2: optional U u }\nunion U { 1: T t; 2: i32 n }" },
  ],
  [
    "definitions named like words TypeScript reserves",
    {
      "t.thrift":
        "typedef i32 eval\nenum await { A }\nconst i32 typeof = 1\nstruct let { 1: eval e }\nexception arguments {}\nservice number {}",
    },
  ],
  [
    "an include named like a keyword",
    { "t.thrift": 'include "class.thrift"\nstruct S { 1: class.C c }', "class.thrift": "struct C {}" },
  ],
  ["throwing a struct", { "t.thrift": "struct E {}\nservice S { void m() throws (1: E e) }" }],
  ["a missing include nothing is used from", { "t.thrift": 'include "gone.thrift"\nstruct A {}' }],
  ["a name from a missing include", { "t.thrift": 'include "gone.thrift"\nstruct A { 1: gone.G g }' }],
  [
    "a name from an include of an include",
    {
      "t.thrift": 'include "a.thrift"\nstruct S { 1: c.C c }',
      "a.thrift": 'include "c.thrift"',
      "c.thrift": "struct C {}",
    },
  ],
];

(installed ? describe : describe.skip)("accepting what Apache's compiler accepts, and only that", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "thrift-oracle-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each(cases)("%s", (_, files) => {
    for (const [path, text] of Object.entries(files)) {
      const full = join(dir, path);
      rmSync(full, { force: true });
      spawnSync("mkdir", ["-p", join(full, "..")]);
      writeFileSync(full, text);
    }
    const main = join(dir, "t.thrift");
    const apache = spawnSync("thrift", ["-I", join(dir, "inc"), "-out", dir, "--gen", "js:node", main]).status === 0;
    let ours = true;
    try {
      generateFiles(main, { includeDirs: [join(dir, "inc")] });
    } catch (error) {
      if (!(error instanceof IdlError)) throw error;
      ours = false;
    }
    expect({ accepted: ours }).toEqual({ accepted: apache });
  });
});
