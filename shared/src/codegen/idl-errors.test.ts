// Every IDL mistake is an IdlError saying where it is and what is wrong, before any
// code is written.
import { IdlError } from "./errors";
import { generate } from "./generate";

function rejection(idl: string): string {
  try {
    generate(idl, { file: "idl/test.thrift" });
  } catch (error) {
    if (error instanceof IdlError) return error.message;
    throw error;
  }
  throw new Error(`accepted: ${idl}`);
}

describe("syntax", () => {
  it("reports the first syntax error at its line and column, with what was expected there", () => {
    expect(rejection("struct A {\n  1: string a\n  2 string b\n}\nstruct B { 1: i32 }")).toBe(
      'idl/test.thrift:3:5: expected ":", found "string"',
    );
  });

  it("When a keyword stands where a name would do Then the message names the word as reserved", () => {
    // `uuid` is a type since Thrift 0.19: older IDLs named constants and fields so.
    expect(rejection("typedef i64 i128\nconst i128 x = uuid")).toBe(
      'idl/test.thrift:2:16: expected "[", "false", "true", "{", identifier, integer, number or string, found "uuid", a reserved word of Thrift\'s IDL',
    );
    expect(rejection("struct A { 1: i32 x }\nconst A service = {}")).toBe(
      'idl/test.thrift:2:9: expected identifier, found "service", a reserved word of Thrift\'s IDL',
    );
  });
});

describe("fields", () => {
  it.each([
    ["struct A { 32768: string a }", "idl/test.thrift:1:12: A.a: field ids go from 1 to 32767"],
    ["struct A { 1: string a.b }", "idl/test.thrift:1:22: A.a.b: a field name cannot have a dot"],
    ["struct A { 1: string a, 1: string b }", "idl/test.thrift:1:25: A.b: field id 1 is used twice"],
    ["struct A { 1: string a, 2: i32 a }", "idl/test.thrift:1:32: A.a is declared twice"],
    [
      "exception E { 1: string name, 2: i32 name_ }",
      "idl/test.thrift:1:15: E.name would be the property name_, a field of its own: rename one",
    ],
  ])("%s", (idl, message) => {
    expect(rejection(idl)).toBe(message);
  });
});

describe("types", () => {
  it.each([
    ["struct A { 1: Missing m }", "idl/test.thrift:1:15: A.m: unknown type Missing"],
    [
      "struct A { 1: other.Type t }",
      "idl/test.thrift:1:15: A.t: unknown type other.Type: no included file is named other.thrift",
    ],
    ["const i32 X = 1\nstruct A { 1: X x }", "idl/test.thrift:2:15: A.x: X is a const, not a type"],
    ["struct A { 1: X x }\nconst i32 X = 1", "idl/test.thrift:1:15: A.x: X is a const, not a type"],
    ["struct A { 1: S s }\nservice S {}", "idl/test.thrift:1:15: A.s: S is a service, not a type"],
    ["typedef T T", "idl/test.thrift:1:9: T: typedef T names itself (T -> T)"],
    ["typedef list<U> T\ntypedef map<i32, T> U", "idl/test.thrift:2:18: U: typedef T names itself (T -> U -> T)"],
    ["struct A {}\nstruct A {}", 'idl/test.thrift:2:8: struct A needs the name "A", already used by struct A'],
    ["enum E { A = 2147483648 }", "idl/test.thrift:1:10: E.A: enum values are i32"],
    ["enum E { A, A }", "idl/test.thrift:1:13: E.A is declared twice"],
  ])("%s", (idl, message) => {
    expect(rejection(idl)).toBe(message);
  });
});

describe("names the generated TypeScript would declare twice", () => {
  it.each([
    [
      "struct Foo {}\nstruct FooCodec {}",
      'idl/test.thrift:2:8: struct FooCodec needs the name "FooCodec", already used by the codec of struct Foo',
    ],
    [
      "struct SHandler {}\nservice S {}",
      'idl/test.thrift:2:9: the handler interface of service S needs the name "SHandler", already used by struct SHandler',
    ],
  ])("%s", (idl, message) => {
    expect(rejection(idl)).toBe(message);
  });
});

describe("services", () => {
  it.each([
    ["service S { void m(), void m() }", "idl/test.thrift:1:28: S.m is declared twice"],
    [
      "service S { oneway i32 m() }",
      "idl/test.thrift:1:13: S.m: a oneway method must return void and throw nothing: it has no reply",
    ],
    [
      "struct X {}\nservice S { void m() throws (1: X x) }",
      "idl/test.thrift:2:30: S.m throws x, which is not an exception",
    ],
    [
      "struct X {}\ntypedef X TX\nservice S { void m() throws (1: TX x) }",
      "idl/test.thrift:3:30: S.m throws x, which is not an exception",
    ],
    [
      "exception E {}\nservice S { i32 m() throws (1: E success) }",
      'idl/test.thrift:2:29: S.m: "success" is the name of the return value',
    ],
  ])("%s", (idl, message) => {
    expect(rejection(idl)).toBe(message);
  });

  it("When a policy annotation is misused Then the error points at it and names the method", () => {
    expect(rejection('service S {\n  void get()\n    (idempotency = "idempotent", cache.max_age = "5")\n}')).toBe(
      'idl/test.thrift:3:34: S.get: cache.max_age needs idempotency = "no_side_effects": ' +
        "only replies of calls without side effects may be cached",
    );
  });
});

describe("constants and defaults", () => {
  it.each([
    ['const i32 X = "a"', "idl/test.thrift:1:15: X: expected an integer for i32"],
    ["const byte B = 300", "idl/test.thrift:1:16: B: 300 does not fit in byte"],
    [
      "struct P { 1: required i32 x }\nconst P ORIGIN = {}",
      "idl/test.thrift:2:18: ORIGIN: required field P.x is missing",
    ],
    ["enum E { A }\nstruct S { 1: E e = 7 }", "idl/test.thrift:2:21: S.e: expected a member of E"],
    // A required field's default is never applied (the field must be sent), and checked all the same.
    ['struct S { 1: required i32 a = "hello" }', "idl/test.thrift:1:32: S.a: expected an integer for i32"],
    ["struct S { 1: required byte b = 300 }", "idl/test.thrift:1:33: S.b: 300 does not fit in byte"],
    [
      'union U { 1: i32 a 2: i32 b }\nstruct S { 1: required U u = { "a": 1, "b": 2 } }',
      "idl/test.thrift:2:30: S.u: union U needs exactly one field",
    ],
    ["exception E { 1: required string message = 5 }", "idl/test.thrift:1:44: E.message: expected a string for string"],
    [
      'service Svc { void m(1: required i32 x = "s") }',
      "idl/test.thrift:1:42: Svc_m_args.x: expected an integer for i32",
    ],
    ['const uuid U = "nope"', "idl/test.thrift:1:16: U: expected a UUID string for uuid"],
    [
      'const uuid U = "{00000000-0000-0000-0000-000000000000"',
      "idl/test.thrift:1:16: U: expected a UUID string for uuid",
    ],
    ["const i32 A = 1\nconst string B = A", "idl/test.thrift:2:18: B: A is not a const of type string"],
    ["const i32 A = B", "idl/test.thrift:1:15: A: B is not a constant or an enum value"],
    ["const i32 A = B\nconst i32 B = A", "idl/test.thrift:1:15: A: B must be declared before A, which uses it"],
    ["const i32 A = A", "idl/test.thrift:1:15: A: A must be declared before A, which uses it"],
    ["const i64 A = 1\nconst byte B = A\nconst byte C = 300", "idl/test.thrift:3:16: C: 300 does not fit in byte"],
    ["const i32 A = 300\nconst byte B = A", "idl/test.thrift:2:16: B: 300 does not fit in byte"],
    [
      "enum Color { RED }\nconst Color C = RED",
      "idl/test.thrift:2:17: C: RED is not a constant or an enum value; an enum member is named with its enum: Color.RED",
    ],
    ["enum E { A }\nconst E X = E.B", "idl/test.thrift:2:13: X: enum E has no member B"],
    ["enum E { A }\nenum F { B }\nconst F X = E.A", "idl/test.thrift:3:13: X: enum F has no member A"],
    ["const i32 X = Y.Z", "idl/test.thrift:1:15: X: Y.Z is not a constant or an enum value"],
    ["enum E { A }\nconst string X = E.A", "idl/test.thrift:2:18: X: E.A is not a string"],
    [
      "struct S { 1: i32 x = LATER }\nconst i32 LATER = 1",
      "idl/test.thrift:1:23: S.x: LATER must be declared before S, which uses it",
    ],
    [
      "struct S { 1: list<E> e = [0] }\nenum E { A }",
      "idl/test.thrift:1:28: S.e: a value of E needs E declared before S",
    ],
    [
      "service V { void m(1: T t = {}) }\nstruct T {}",
      "idl/test.thrift:1:29: V.m.t: a value of T needs T declared before V",
    ],
    ['struct P { 1: i32 x }\nconst P A = {"x": 1, "x": 2}', "idl/test.thrift:2:13: A: P.x is given twice"],
    [
      'struct P { 1: i32 x }\nconst P A = {"x": 1}\nconst list<P> B = [A]',
      'idl/test.thrift:3:20: B[0]: A is a constant: a value of P is written out, { "field": value, ... }',
    ],
    [
      'union U { 1: i32 x }\nconst U A = {"x": 1}\nstruct S { 1: U u = A }',
      'idl/test.thrift:3:21: S.u: A is a constant: a value of U is written out, { "field": value, ... }',
    ],
    [
      'union U { 1: i32 a, 2: i32 b }\nconst U BOTH = {"a": 1, "b": 2}',
      "idl/test.thrift:2:16: BOTH: union U needs exactly one field",
    ],
  ])("%s", (idl, message) => {
    expect(rejection(idl)).toBe(message);
  });
});

describe("names no JavaScript object can hold", () => {
  it.each([
    [
      "exception E { 1: string constructor }",
      'idl/test.thrift:1:25: E.constructor: every JavaScript object has a "constructor" (Object.prototype.constructor): a field of that name could not be left unset',
    ],
    [
      "struct A { 1: optional string toString }",
      'idl/test.thrift:1:31: A.toString: every JavaScript object has a "toString" (Object.prototype.toString): a field of that name could not be left unset',
    ],
    [
      "service S { void m(1: i32 valueOf) }",
      'idl/test.thrift:1:27: S.m.valueOf: every JavaScript object has a "valueOf" (Object.prototype.valueOf): a field of that name could not be left unset',
    ],
    [
      "service S { void m(1: string __proto__) }",
      'idl/test.thrift:1:30: S.m.__proto__: "__proto__" cannot be the name of a JavaScript property',
    ],
    [
      "struct A { 1: i32 __proto__ }",
      'idl/test.thrift:1:19: A.__proto__: "__proto__" cannot be the name of a JavaScript property',
    ],
    [
      "enum E { __proto__ }",
      'idl/test.thrift:1:10: E.__proto__: "__proto__" cannot be the name of a JavaScript property',
    ],
    [
      "service S { void __proto__() }",
      'idl/test.thrift:1:18: S.__proto__: "__proto__" cannot be the name of a JavaScript property',
    ],
    [
      "service S { void then(1: i32 x) }",
      'idl/test.thrift:1:18: S.then: a method named "then" would make every client a thenable, which await calls',
    ],
    [
      "service S { string toJSON() }",
      'idl/test.thrift:1:20: S.toJSON: a method named "toJSON" would be called by JSON.stringify on every client',
    ],
    [
      "const i32 __proto__ = 1",
      'idl/test.thrift:1:11: const __proto__: "__proto__" cannot name a definition: its export would set a prototype',
    ],
    [
      "enum __esModule { A }",
      'idl/test.thrift:1:6: enum __esModule: "__esModule" cannot name a definition: CommonJS modules mark themselves with it',
    ],
    [
      "exception then { 1: string message }",
      'idl/test.thrift:1:11: exception then: an exception named "then" would make its module a thenable, which await import() calls',
    ],
  ])("%s", (idl, message) => {
    expect(rejection(idl)).toBe(message);
  });
});
