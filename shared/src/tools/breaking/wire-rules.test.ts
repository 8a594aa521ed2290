// The wire rules, one pair of IDLs per rule and outcome: the whole output (with -v, so
// safe changes are listed too) and the exit status.
import { breaking } from "./__fixtures__/breaking";

type Case = readonly [title: string, old: string, now: string, out: readonly string[], code: 0 | 1];

const exceptions = "exception E { 1: string message }\nexception F { 1: string message; 2: i32 code }\n";

const fields: readonly Case[] = [
  [
    "a field id reused with another type",
    "struct A { 1: string email }",
    "struct A { 1: i64 score }",
    [
      "new.thrift:1:12: break field-type-changed: A.score: field 1: was string, is i64",
      "new.thrift:1:12: safe field-renamed: A.score: field 1: was email, is score",
      "1 breaking change; 1 safe change",
    ],
    1,
  ],
  [
    "a field's type changed i32 to i64",
    "struct A { 1: i32 x }",
    "struct A { 1: i64 x }",
    ["new.thrift:1:12: break field-type-changed: A.x: field 1: was i32, is i64", "1 breaking change"],
    1,
  ],
  [
    "string changed to binary inside a list",
    "struct A { 1: list<string> x }",
    "struct A { 1: list<binary> x }",
    [
      "new.thrift:1:12: break field-type-changed: A.x: field 1: was list<string>, is list<binary> (the same bytes in binary and compact, but binary is base64 in JSON)",
      "1 breaking change",
    ],
    1,
  ],
  [
    "a list changed to a set",
    "struct A { 1: list<i32> x }",
    "struct A { 1: set<i32> x }",
    ["new.thrift:1:12: break field-type-changed: A.x: field 1: was list<i32>, is set<i32>", "1 breaking change"],
    1,
  ],
  [
    "a type changed to a typedef of it",
    "struct A { 1: i64 x }",
    "typedef i64 Id\nstruct A { 1: Id x }",
    [
      "new.thrift:2:12: safe field-type-compatible: A.x: field 1: was i64, is Id",
      "new.thrift:1:1: safe definition-added: Id: typedef Id is added",
      "compatible: 2 safe changes",
    ],
    0,
  ],
  [
    "a typedef a field uses that names another type",
    "typedef i32 T\nstruct A { 1: T x; 2: list<T> y }",
    "typedef i64 T\nstruct A { 1: T x; 2: list<T> y }",
    [
      "new.thrift:2:12: break field-type-changed: A.x: field 1: was T, is T (T is i32 in OLD, i64 in NEW)",
      "new.thrift:2:20: break field-type-changed: A.y: field 2: was list<T>, is list<T> (T is i32 in OLD, i64 in NEW)",
      "new.thrift:1:1: safe typedef-changed: T: was i32, is i64",
      "2 breaking changes; 1 safe change",
    ],
    1,
  ],
  [
    "two fields that swapped ids",
    "struct P { 1: string a; 2: string b }",
    "struct P { 1: string b; 2: string a }",
    [
      "new.thrift:1:12: break field-moved: P.b: field 1: was a, is b, and NEW has a as field 2",
      "new.thrift:1:25: break field-moved: P.a: field 2: was b, is a, and NEW has b as field 1",
      "2 breaking changes",
    ],
    1,
  ],
  [
    "an enum changed to an i32",
    "enum E { X = 1 }\nstruct A { 1: E x }",
    "enum E { X = 1 }\nstruct A { 1: i32 x }",
    ["new.thrift:2:12: safe field-type-compatible: A.x: field 1: was E, is i32", "compatible: 1 safe change"],
    0,
  ],
  [
    "optional made required",
    "struct A { 1: optional i32 x }",
    "struct A { 1: required i32 x }",
    [
      "new.thrift:1:12: break requiredness-changed: A.x: field 1: was optional, is required: old writers may leave it out, new readers require it",
      "1 breaking change",
    ],
    1,
  ],
  [
    "required made neither required nor optional",
    "struct A { 1: required i32 x }",
    "struct A { 1: i32 x }",
    [
      "new.thrift:1:12: break requiredness-changed: A.x: field 1: was required, is neither required nor optional: new writers may leave it out, old readers require it",
      "1 breaking change",
    ],
    1,
  ],
  [
    "neither made optional, with a default",
    "struct A { 1: i32 x }",
    "struct A { 1: optional i32 x = 3 }",
    [
      "new.thrift:1:12: safe field-presence-changed: A.x: field 1: was neither required nor optional, is optional",
      "new.thrift:1:12: safe default-changed: A.x: field 1: was none, is 3",
      "compatible: 2 safe changes",
    ],
    0,
  ],
  [
    "a required field added",
    "struct A { 1: i32 x }",
    "struct A { 1: i32 x; 2: required i32 y }",
    [
      "new.thrift:1:22: break required-field-added: A.y: field 2 (required) is added: old writers do not send it, new readers require it",
      "1 breaking change",
    ],
    1,
  ],
  [
    "a field added, not required",
    "struct A { 1: i32 x }",
    "struct A { 1: i32 x; 2: i32 y }",
    ["new.thrift:1:22: safe field-added: A.y: field 2 (i32) is added", "compatible: 1 safe change"],
    0,
  ],
  [
    "a required field removed",
    "struct A { 1: i32 x; 2: required i32 y }",
    "struct A { 1: i32 x }",
    [
      "old.thrift:1:22: break required-field-removed: A.y: field 2 (required) is removed: old readers require it",
      "1 breaking change",
    ],
    1,
  ],
  [
    "an optional field removed",
    "struct A { 1: i32 x; 2: optional i32 y }",
    "struct A { 1: i32 x }",
    ["old.thrift:1:22: safe field-removed: A.y: field 2 (i32) is removed", "compatible: 1 safe change"],
    0,
  ],
];

const methods: readonly Case[] = [
  [
    "a method renamed",
    "service S { void a(); void b() }",
    "service S { void a(); void c() }",
    [
      "old.thrift:1:23: break method-removed: S.b: no longer served by S",
      "new.thrift:1:23: safe method-added: S.c: served by S",
      "1 breaking change; 1 safe change",
    ],
    1,
  ],
  [
    "a method made oneway",
    "service S { void a() }",
    "service S { oneway void a() }",
    [
      "new.thrift:1:13: break method-oneway-changed: S.a: is oneway now: new servers send no reply, which old callers wait for",
      "1 breaking change",
    ],
    1,
  ],
  [
    "a result changed i32 to string",
    "service S { i32 a() }",
    "service S { string a() }",
    ["new.thrift:1:13: break method-return-changed: S.a: was i32, is string", "1 breaking change"],
    1,
  ],
  [
    "a result removed",
    "service S { i32 a() }",
    "service S { void a() }",
    ["new.thrift:1:13: break method-return-changed: S.a: was i32, is void", "1 breaking change"],
    1,
  ],
  [
    "a result added to a void method",
    "service S { void a() }",
    "service S { i32 a() }",
    ["new.thrift:1:13: safe method-return-added: S.a: was void, is i32", "compatible: 1 safe change"],
    0,
  ],
  [
    "a parameter added",
    "service S { void a(1: i32 x) }",
    "service S { void a(1: i32 x, 2: i32 y) }",
    [
      "new.thrift:1:30: break required-field-added: S.a(y): parameter 2 (required) is added: old callers do not send it, new servers require it",
      "1 breaking change",
    ],
    1,
  ],
  [
    "an optional parameter added",
    "service S { void a(1: i32 x) }",
    "service S { void a(1: i32 x, 2: optional i32 y) }",
    ["new.thrift:1:30: safe field-added: S.a(y): parameter 2 (i32) is added", "compatible: 1 safe change"],
    0,
  ],
  [
    "a parameter with a default added",
    "service S { void a(1: i32 x) }",
    "service S { void a(1: i32 x, 2: i32 y = 5) }",
    ["new.thrift:1:30: safe field-added: S.a(y): parameter 2 (i32) is added", "compatible: 1 safe change"],
    0,
  ],
  [
    "a parameter given a default",
    "service S { void a(1: i32 x) }",
    "service S { void a(1: i32 x = 5) }",
    [
      "new.thrift:1:20: safe field-presence-changed: S.a(x): parameter 1: was required, is defaulted",
      "new.thrift:1:20: safe default-changed: S.a(x): parameter 1: was none, is 5",
      "compatible: 2 safe changes",
    ],
    0,
  ],
  [
    "a parameter made optional",
    "service S { void a(1: i32 x) }",
    "service S { void a(1: optional i32 x) }",
    [
      "new.thrift:1:20: break requiredness-changed: S.a(x): parameter 1: was required, is optional: new callers may leave it out, old servers require it",
      "1 breaking change",
    ],
    1,
  ],
  [
    "an optional parameter with a default made required",
    "service S { void a(1: optional i32 x = 4) }",
    "service S { void a(1: i32 x) }",
    [
      "new.thrift:1:20: break requiredness-changed: S.a(x): parameter 1: was optional, is required: old callers may leave it out, new servers require it",
      "new.thrift:1:20: safe default-changed: S.a(x): parameter 1: was 4, is none",
      "1 breaking change; 1 safe change",
    ],
    1,
  ],
  [
    "a required parameter removed",
    "service S { void a(1: i32 x, 2: i32 y) }",
    "service S { void a(1: i32 x) }",
    [
      "old.thrift:1:30: break required-field-removed: S.a(y): parameter 2 (required) is removed: old servers require it",
      "1 breaking change",
    ],
    1,
  ],
  [
    "an optional parameter removed",
    "service S { void a(1: i32 x, 2: optional i32 y) }",
    "service S { void a(1: i32 x) }",
    ["old.thrift:1:30: safe field-removed: S.a(y): parameter 2 (i32) is removed", "compatible: 1 safe change"],
    0,
  ],
  [
    "a parameter's type changed",
    "service S { void a(1: i32 x) }",
    "service S { void a(1: i64 x) }",
    ["new.thrift:1:20: break field-type-changed: S.a(x): parameter 1: was i32, is i64", "1 breaking change"],
    1,
  ],
  [
    "a parameter renamed",
    "service S { void a(1: i32 x) }",
    "service S { void a(1: i32 count) }",
    ["new.thrift:1:20: safe field-renamed: S.a(count): parameter 1: was x, is count", "compatible: 1 safe change"],
    0,
  ],
  [
    "a declared exception removed",
    `${exceptions}service S { i32 a() throws (1: E e) }`,
    `${exceptions}service S { i32 a() }`,
    ["old.thrift:3:29: break exception-removed: S.a throws e: exception 1 (E) is removed", "1 breaking change"],
    1,
  ],
  [
    "an exception added to a method with a result",
    `${exceptions}service S { i32 a() }`,
    `${exceptions}service S { i32 a() throws (1: E e) }`,
    ["new.thrift:3:29: safe exception-added: S.a throws e: exception 1 (E) is added", "compatible: 1 safe change"],
    0,
  ],
  [
    "an exception added to a void method",
    `${exceptions}service S { void a() }`,
    `${exceptions}service S { void a() throws (1: E e) }`,
    [
      "new.thrift:3:30: break exception-added-to-void: S.a throws e: exception 1 (E) is added: old callers take it for success",
      "1 breaking change",
    ],
    1,
  ],
  [
    "an exception replaced by another that both sides declare (Apache's audit: break33)",
    `${exceptions}service S { void a() throws (1: E e) }`,
    `${exceptions}service S { void a() throws (1: F e) }`,
    [
      "new.thrift:3:30: break exception-swapped: S.a throws e: exception 1: was E, is F, and NEW still has E",
      "new.thrift:2:34: safe field-added: F.code: field 2 (i32) is added (F where OLD has E)",
      "1 breaking change; 1 safe change",
    ],
    1,
  ],
  [
    "an exception replaced by one that is new, while the old one stays",
    `${exceptions}service S { void a() throws (1: E e) }`,
    `${exceptions}exception G { 1: string message }\nservice S { void a() throws (1: G e) }`,
    [
      "new.thrift:4:30: break exception-swapped: S.a throws e: exception 1: was E, is G, and NEW still has E",
      "1 breaking change",
    ],
    1,
  ],
  [
    "an exception renamed where it is declared",
    "exception E { 1: string message }\nservice S { void a() throws (1: E e) }",
    "exception E2 { 1: string message }\nservice S { void a() throws (1: E2 e) }",
    ["new.thrift:1:1: safe type-renamed: E2: was E", "compatible: 1 safe change"],
    0,
  ],
];

const unionsAndEnums: readonly Case[] = [
  [
    "a union member removed",
    "union U { 1: i32 a; 2: string b }",
    "union U { 1: i32 a }",
    ["old.thrift:1:21: break union-member-removed: U.b: member 2 (string) is removed", "1 breaking change"],
    1,
  ],
  [
    "a union member added",
    "union U { 1: i32 a }",
    "union U { 1: i32 a; 2: string b }",
    ["new.thrift:1:21: safe union-member-added: U.b: member 2 (string) is added", "compatible: 1 safe change"],
    0,
  ],
  [
    "a union member's type changed",
    "union U { 1: i32 a }",
    "union U { 1: i64 a }",
    ["new.thrift:1:11: break field-type-changed: U.a: member 1: was i32, is i64", "1 breaking change"],
    1,
  ],
  [
    "a struct made a union",
    "struct U { 1: i32 a }",
    "union U { 1: i32 a }",
    ["new.thrift:1:1: break kind-changed: U: was struct U, is union U", "1 breaking change"],
    1,
  ],
  ["an exception made a struct", "exception U { 1: i32 a }", "struct U { 1: i32 a }", ["compatible: no changes"], 0],
  [
    "an enum value removed",
    "enum E { A = 1, B = 2 }",
    "enum E { A = 1 }",
    ["old.thrift:1:17: break enum-value-removed: E.B: B = 2 is removed", "1 breaking change"],
    1,
  ],
  [
    "an enum value renumbered",
    "enum E { A = 1, B = 2 }",
    "enum E { A = 1, B = 3 }",
    [
      "new.thrift:1:17: break enum-value-renumbered: E.B: was 2, is 3: peers on OLD still send 2 for it",
      "1 breaking change",
    ],
    1,
  ],
  [
    "two enum values swapped",
    "enum E { A = 1, B = 2 }",
    "enum E { A = 2, B = 1 }",
    [
      "new.thrift:1:10: break enum-value-renumbered: E.A: was 1, is 2: peers on OLD still send 1 for it",
      "new.thrift:1:17: break enum-value-renumbered: E.B: was 2, is 1: peers on OLD still send 2 for it",
      "2 breaking changes",
    ],
    1,
  ],
  [
    "an implicit enum value inserted before another",
    "enum E { A, B }",
    "enum E { A, C, B }",
    [
      "new.thrift:1:16: break enum-value-renumbered: E.B: was 1, is 2: peers on OLD still send 1 for it",
      "1 breaking change",
    ],
    1,
  ],
  [
    "an enum value added",
    "enum E { A, B }",
    "enum E { A, B, C }",
    ["new.thrift:1:16: safe enum-value-added: E.C: C = 2", "compatible: 1 safe change"],
    0,
  ],
  [
    "an enum value renamed",
    "enum E { A, B }",
    "enum E { A, BEE }",
    ["new.thrift:1:13: safe enum-value-renamed: E.BEE: 1 was B, is BEE", "compatible: 1 safe change"],
    0,
  ],
];

const services: readonly Case[] = [
  [
    "a service renamed",
    "service S { void a() }",
    "service T { void a() }",
    [
      "old.thrift:1:1: break service-removed: S: service S is removed",
      "new.thrift:1:1: safe service-added: T: service T is added",
      "1 breaking change; 1 safe change",
    ],
    1,
  ],
  [
    "a parent dropped with its methods",
    "service P { void p() }\nservice S extends P { void a() }",
    "service P { void p() }\nservice S { void a() }",
    [
      "new.thrift:2:1: break service-parent-removed: S extends P: P is no longer a parent: p no longer served",
      "1 breaking change",
    ],
    1,
  ],
  [
    "a parent dropped, its methods declared by the child",
    "service P { void p() }\nservice S extends P { void a() }",
    "service P { void p() }\nservice S { void a(); void p() }",
    [
      "new.thrift:2:1: safe service-parent-inlined: S extends P: P is no longer a parent; S still serves its methods",
      "compatible: 1 safe change",
    ],
    0,
  ],
  [
    "a parent added",
    "service P { void p() }\nservice S { void a() }",
    "service P { void p() }\nservice S extends P { void a() }",
    [
      "new.thrift:2:1: safe service-parent-added: S extends P: extends P",
      "new.thrift:1:13: safe method-added: P.p: served by S",
      "compatible: 2 safe changes",
    ],
    0,
  ],
  [
    "a method moved to a new parent",
    "service S { void a(); void p() }",
    "service P { void p() }\nservice S extends P { void a() }",
    [
      "new.thrift:2:1: safe service-parent-added: S extends P: extends P",
      "new.thrift:1:1: safe service-added: P: service P is added",
      "compatible: 2 safe changes",
    ],
    0,
  ],
];

const definitions: readonly Case[] = [
  [
    "a struct removed",
    "struct A { 1: i32 x }\nstruct B { 1: string y }",
    "struct A { 1: i32 x }",
    ["old.thrift:2:1: break type-removed: B: struct B is removed", "1 breaking change"],
    1,
  ],
  [
    "a struct renamed, found by its shape",
    "struct A { 1: i32 x }\nstruct B { 1: string y }",
    "struct A { 1: i32 x }\nstruct C { 1: string y }",
    ["new.thrift:2:1: safe type-renamed: C: was B", "compatible: 1 safe change"],
    0,
  ],
  [
    "two unused structs renamed, one inside the other",
    "struct A { 1: B b }\nstruct B { 1: i32 x }",
    "struct C { 1: D b }\nstruct D { 1: i32 x }",
    [
      "new.thrift:1:1: safe type-renamed: C: was A",
      "new.thrift:2:1: safe type-renamed: D: was B",
      "compatible: 2 safe changes",
    ],
    0,
  ],
  [
    "a recursive struct renamed",
    "struct Tree { 1: list<Tree> kids; 2: optional Tree parent }",
    "struct Node { 1: list<Node> kids; 2: optional Node parent }",
    ["new.thrift:1:1: safe type-renamed: Node: was Tree", "compatible: 1 safe change"],
    0,
  ],
  [
    "a struct removed, two new ones of its shape",
    "struct B { 1: string y }",
    "struct C { 1: string y }\nstruct D { 1: string y }",
    [
      "old.thrift:1:1: break type-removed: B: struct B is removed",
      "new.thrift:1:1: safe definition-added: C: struct C is added",
      "new.thrift:2:1: safe definition-added: D: struct D is added",
      "1 breaking change; 2 safe changes",
    ],
    1,
  ],
  [
    "a struct renamed, found by its use, and changed",
    "struct P { 1: i32 x }\nservice S { P get() }",
    "struct Point { 1: i32 x; 2: required i32 y }\nservice S { Point get() }",
    [
      "new.thrift:1:26: break required-field-added: Point.y: field 2 (required) is added: old writers do not send it, new readers require it",
      "new.thrift:1:1: safe type-renamed: Point: was P",
      "1 breaking change; 1 safe change",
    ],
    1,
  ],
  [
    "an enum removed",
    "enum E { A }",
    "",
    ["old.thrift:1:1: break type-removed: E: enum E is removed", "1 breaking change"],
    1,
  ],
  [
    "a typedef and a constant changed",
    "typedef i32 T\nconst i32 N = 1",
    'typedef i64 T\nconst string N = "1"',
    [
      "new.thrift:1:1: safe typedef-changed: T: was i32, is i64",
      'new.thrift:2:1: safe constant-changed: N: was i32 = 1, is string = "1"',
      "compatible: 2 safe changes",
    ],
    0,
  ],
  [
    "a typedef and a constant removed",
    "typedef i32 T\nconst i32 N = 1",
    "",
    [
      "old.thrift:1:1: safe typedef-removed: T: typedef T is removed",
      "old.thrift:2:1: safe constant-removed: N: const N is removed",
      "compatible: 2 safe changes",
    ],
    0,
  ],
  [
    "a constant written otherwise, of the same value",
    "enum E { A }\nconst E X = E.A\nconst i64 H = 16",
    "enum E { A }\nconst E X = 0\nconst i64 H = 0x10",
    ["compatible: no changes"],
    0,
  ],
];

describe("thrift-http breaking OLD.thrift NEW.thrift: the wire rules", () => {
  describe.each([
    ["fields", fields],
    ["methods", methods],
    ["unions and enums", unionsAndEnums],
    ["services", services],
    ["definitions", definitions],
  ] as const)("%s", (_, cases) => {
    it.each(cases)("When %s Then it prints exactly that", (_title, old, now, out, code) => {
      expect(breaking(old, now, ["-v"])).toEqual({ code, out, err: [] });
    });
  });
});

describe("fields without ids", () => {
  it("When a field is inserted before others that have no ids Then their implicit ids shift, and it is a break", () => {
    expect(breaking("struct P { 1: i32 k; string a }", "struct P { 1: i32 k; string b; string a }", ["-v"])).toEqual({
      code: 1,
      out: [
        "new.thrift:1:22: break field-moved: P.b: field -1: was a, is b, and NEW has a as field -2",
        "new.thrift:1:32: safe field-added: P.a: field -2 (string) is added",
        "1 breaking change; 1 safe change",
      ],
      err: [
        "old.thrift:1:22: warning: P.a has no field id: numbered -1, which may change when fields are added",
        "new.thrift:1:22: warning: P.b has no field id: numbered -1, which may change when fields are added",
        "new.thrift:1:32: warning: P.a has no field id: numbered -2, which may change when fields are added",
      ],
    });
  });
});

describe("types across included files", () => {
  it("When a struct and an enum move to an included file Then it is compatible", () => {
    const old = "struct P { 1: i32 x }\nenum E { A }\nservice S { P get(1: E e) }";
    const now = 'include "inc/types.thrift"\nservice S { types.P get(1: types.E e) }';
    expect(breaking(old, now, ["-v"], { "inc/types.thrift": "struct P { 1: i32 x }\nenum E { A }" })).toEqual({
      code: 0,
      out: [
        "inc/types.thrift:1:1: safe type-moved: P: was in old.thrift",
        "inc/types.thrift:2:1: safe type-moved: E: was in old.thrift",
        "compatible: 2 safe changes",
      ],
      err: [],
    });
  });

  it("When a moved struct's field changes type Then the break is located in the included file, found with -I", () => {
    const old = "struct P { 1: i32 x }\nservice S { P get() }";
    const now = 'include "types.thrift"\nservice S { types.P get() }';
    expect(breaking(old, now, ["-I", "$DIR/inc"], { "inc/types.thrift": "struct P { 1: i64 x }" })).toEqual({
      code: 1,
      out: [
        "inc/types.thrift:1:12: break field-type-changed: P.x: field 1: was i32, is i64",
        "1 breaking change; 1 safe change (-v lists them)",
      ],
      err: [],
    });
  });

  it("When a parent service in an included file loses a method Then the child's callers break", () => {
    const idl = 'include "base.thrift"\nservice S extends base.B { void a() }';
    const out = breaking(idl, idl.replace("base.thrift", "base2.thrift").replace("base.B", "base2.B"), [], {
      "base.thrift": "service B { void b(); void c() }",
      "base2.thrift": "service B { void b() }",
    });
    expect(out).toEqual({
      code: 1,
      out: ["base.thrift:1:23: break method-removed: B.c: no longer served by S", "1 breaking change"],
      err: [],
    });
  });
});
