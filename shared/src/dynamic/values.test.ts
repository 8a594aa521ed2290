// Field defaults evaluated at run time (dynamic/values.ts) against the generator's own
// verdict on them (codegen/emit-values.ts): both walk the value with value-walk.ts, so a
// default the generator refuses is refused here with the same message, and one it accepts
// becomes the run-time value the generated code holds.
import { IdlError } from "../codegen/errors";
import { generate, loadIdl } from "../codegen/generate";
import type { StructDefinition } from "../codegen/model";
import { ThriftMap, ThriftSet } from "../core/keyed";
import { evaluate } from "./values";

const file = "idl/test.thrift";

/** The message of the IdlError `run` throws, without its `file[:line:column]: ` prefix. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof IdlError) return error.message.replace(/^idl\/test\.thrift(:\d+:\d+)?: /, "");
    throw error;
  }
  throw new Error("accepted");
}

/** The default of `S.f` in `idl`, evaluated; `S` is the last definition. */
function defaultOf(idl: string): unknown {
  const model = loadIdl(idl, file);
  const struct = model.definitions.at(-1) as StructDefinition;
  const field = struct.fields[0]!;
  return evaluate(model, field.defaultValue!, field.type, `S.${field.name}`);
}

describe("A field default, evaluated at run time", () => {
  it.each([
    ["struct S { 1: byte f = 300 }", "S.f: 300 does not fit in byte"],
    ["struct S { 1: i16 f = 0x8000 }", "S.f: 32768 does not fit in i16"],
    ['struct S { 1: i32 f = "a" }', "S.f: expected an integer for i32"],
    ["struct S { 1: i32 f = 1.5 }", "S.f: expected an integer for i32"],
    ["struct S { 1: bool f = 2 }", "S.f: expected true, false, 0 or 1 for bool"],
    ['struct S { 1: double f = "x" }', "S.f: expected a number for double"],
    ["struct S { 1: string f = 1 }", "S.f: expected a string for string"],
    ['struct S { 1: uuid f = "nope" }', "S.f: expected a UUID string for uuid"],
    ["enum E { A }\nstruct S { 1: E f = 7 }", "S.f: expected a member of E"],
    ["enum E { A }\nstruct S { 1: E f = E.B }", "S.f: enum E has no member B"],
    ["enum E { A }\nstruct S { 1: string f = E.A }", "S.f: E.A is not a string"],
    ["struct S { 1: list<i32> f = 1 }", "S.f: expected a list [...] for list<i32>"],
    ["const list<string> L = ['a']\nstruct S { 1: set<i64> f = L }", "S.f: L is not a const of type set<i64>"],
    ["const list<i64> L = [300]\nstruct S { 1: list<byte> f = L }", "S.f: L is not a const of type list<byte>"],
    ["typedef list<byte> Bytes\nstruct S { 1: Bytes f = [1, 300] }", "S.f[1]: 300 does not fit in byte"],
    ["struct S { 1: map<string, i16> f = { 'a': 40000 } }", "S.f value 0: 40000 does not fit in i16"],
    ["const i32 BIG = 300\nstruct S { 1: byte f = BIG }", "S.f: 300 does not fit in byte"],
    ["const string T = 'x'\nstruct S { 1: i32 f = T }", "S.f: T is not a const of type i32"],
    ["struct P { 1: required i32 x }\nstruct S { 1: P f = {} }", "S.f: required field P.x is missing"],
    [
      "exception E { 1: string m }\nstruct S { 1: E f = { 'm': 'x' } }",
      "S.f: E is an exception: only structs and unions can be constants (an exception is made where it is thrown)",
    ],
    ["struct P { 1: i32 x }\nstruct S { 1: P f = { 'y': 1 } }", "S.f: P has no field y"],
    ["struct P { 1: i32 x }\nstruct S { 1: P f = { 'x': 1, 'x': 2 } }", "S.f: P.x is given twice"],
    [
      "union U { 1: i32 a, 2: i32 b }\nstruct S { 1: U f = { 'a': 1, 'b': 2 } }",
      "S.f: union U needs exactly one field",
    ],
    [
      "struct P { 1: i32 x }\nconst P O = { 'x': 1 }\nstruct S { 1: P f = O }",
      'S.f: O is a constant: a value of P is written out, { "field": value, ... }',
    ],
  ])("When the default is %j Then it is refused with the generator's message", (idl, message) => {
    expect(refusal(() => generate(idl, { file }))).toBe(message);
    expect(refusal(() => defaultOf(idl))).toBe(message);
  });

  it.each([
    ["struct S { 1: bool f = 1 }", true],
    ["struct S { 1: byte f = -128 }", -128],
    ["struct S { 1: i64 f = 0x7fffffffffffffff }", 2n ** 63n - 1n],
    ["struct S { 1: double f = 3 }", 3],
    ["struct S { 1: double f = -1e400 }", -Infinity],
    ["struct S { 1: binary f = 'ab' }", Buffer.from("ab")],
    ["struct S { 1: uuid f = '{0A1B2C3D-0000-0000-0000-000000000000}' }", "0a1b2c3d-0000-0000-0000-000000000000"],
    ["enum E { A = 4 }\nstruct S { 1: E f = E.A }", 4],
    ["enum E { A = 4 }\nstruct S { 1: i16 f = E.A }", 4],
    ["const list<i64> L = [1, 2]\nstruct S { 1: set<i64> f = L }", new Set([1n, 2n])],
    // As Apache's compiler: the constant's value, checked against the type wanted.
    ["const list<i32> L = [1, 2]\nstruct S { 1: set<i64> f = L }", new Set([1n, 2n])],
    ["const map<string, i16> M = {'a': 1}\nstruct S { 1: map<string, i64> f = M }", new Map([["a", 1n]])],
    ["const set<byte> B = [1]\nstruct S { 1: list<i32> f = B }", [1]],
    ["struct S { 1: set<list<i32>> f = [[1]] }", new ThriftSet([[1]])],
    ["struct S { 1: map<list<i32>, string> f = {[1]: 'a'} }", new ThriftMap([[[1], "a"]])],
    ["struct P { 1: i32 x, 2: i32 y }\nstruct S { 1: P f = { 'y': 2 } }", { y: 2 }],
    ["union U { 1: i32 a, 2: string b }\nstruct S { 1: U f = { 'b': 'x' } }", { case: "b", value: "x" }],
    ["struct P { 1: i32 x }\nconst P O = { 'x': 1 }\ntypedef P T\nstruct S { 1: T f = O }", { x: 1 }],
    [
      "struct P { 1: i32 x, 2: optional i32 y = 5, 3: list<i32> z = [1] }\nstruct S { 1: P f = { 'x': 1 } }",
      { x: 1, y: 5, z: [1] },
    ],
  ])("When the default is %j Then it is that value, which the generator accepts too", (idl, value) => {
    expect(() => generate(idl, { file })).not.toThrow();
    expect(defaultOf(idl)).toEqual(value);
  });
});
