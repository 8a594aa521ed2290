// The IDL parser (idl/thrift.peggy): the committed parser is what the grammar
// generates; every construct Apache's grammar has; exact locations after every kind
// of comment; docs; and what Apache's compiler refuses.
import { readFileSync } from "node:fs";
import { IdlError } from "./errors";
import { loadIdl } from "./generate";
import type { Const, Document, Struct } from "./idl/ast";
import { parseIdl } from "./parse";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { grammarFile, parserFile, parserSource } = require("../../scripts/gen-parser.js") as {
  grammarFile: string;
  parserFile: string;
  parserSource: (grammar: string) => string;
};

function rejection(idl: string): string {
  try {
    parseIdl(idl, "t.thrift");
  } catch (error) {
    if (error instanceof IdlError) return error.message;
    throw error;
  }
  throw new Error(`accepted: ${idl}`);
}

const only = <T>(document: Document): T => document.definitions[0] as T;

describe("the generated parser", () => {
  it("When the grammar changed Then parser.generated.ts was regenerated (npm run gen:parser -w shared)", () => {
    expect(readFileSync(parserFile, "utf8")).toBe(parserSource(readFileSync(grammarFile, "utf8")));
  });
});

describe("locations", () => {
  const comments = [
    ["line comments", "// one\n// two\n"],
    ["shell comments", "# one\n# two\n"],
    ["a block comment", "/* one\n   two\n*/\n"],
    ["a doc comment", "/**\n * one\n * two\n */\n"],
    ["an empty block comment", "/**/\n"],
    ["comments after code on a line", "namespace js x // trailing\nnamespace go y /* trailing */\n"],
    ["a comment holding quotes and stars", "/* \"unclosed ** / */\n// '\n"],
    ["CRLF line ends", "// one\r\n/* two\r\n*/\r\n"],
  ];

  it.each(comments)("When %s come first Then a syntax error is at its real line and column", (_, before) => {
    const lines = before.split(/\r\n|\n/).length;
    expect(rejection(`${before}struct A {\n  1: i32 a\n  2 i32 b }`)).toBe(
      `t.thrift:${lines + 2}:5: expected ":", found "i32"`,
    );
  });

  it.each(comments)("When %s come first Then a mistake found later is at its real line and column", (_, before) => {
    const lines = before.split(/\r\n|\n/).length;
    expect(() => loadIdl(`${before}struct A {\n  1: i32 a\n  2: Missing b }`, "t.thrift")).toThrow(
      new IdlError(`t.thrift:${lines + 2}:6: A.b: unknown type Missing`),
    );
  });

  it.each(comments)("When %s come first Then each node's location is exact", (_, before) => {
    const lines = before.split(/\r\n|\n/).length;
    const struct = only<Struct>(parseIdl(`${before}struct A {\n\t1: i32 a\n}`, "t.thrift"));
    expect(struct.name.loc.start).toEqual({ line: lines, column: 8, index: before.length + 7 });
    expect(struct.fields[0]!.loc.start).toMatchObject({ line: lines + 1, column: 2 });
    expect(struct.fields[0]!.name.loc.start).toMatchObject({ line: lines + 1, column: 9 });
  });
});

describe("a byte order mark", () => {
  test("When a file starts with one (as editors on Windows write) Then it is read as without, columns unchanged", () => {
    expect(parseIdl("\uFEFFstruct A { 1: i32 a }", "t.thrift")).toEqual(parseIdl("struct A { 1: i32 a }", "t.thrift"));
    expect(rejection("\uFEFFstruct A { 1 i32 a }")).toBe(`t.thrift:1:14: expected ":", found "i32"`);
  });

  test("When one stands anywhere else Then it is a syntax error, as for Apache's compiler", () => {
    expect(rejection("struct A { 1: i32 a }\n\uFEFFstruct B {}")).toMatch(/^t\.thrift:2:1: /);
  });
});

describe("literals", () => {
  const value = (text: string) => only<Const>(parseIdl(`const double X = ${text}`, "t.thrift")).initializer;

  it.each([
    ["42", { type: "IntConstant", value: { type: "IntegerLiteral", value: "42" } }],
    ["-0x1F", { type: "IntConstant", value: { type: "HexLiteral", value: "-0x1F" } }],
    ["+7", { type: "IntConstant", value: { type: "IntegerLiteral", value: "+7" } }],
    ["1.5", { type: "DoubleConstant", value: { type: "FloatLiteral", value: "1.5" } }],
    [".5", { type: "DoubleConstant", value: { type: "FloatLiteral", value: ".5" } }],
    ["-1.5e-3", { type: "DoubleConstant", value: { type: "ExponentialLiteral", value: "-1.5e-3" } }],
    ["1E10", { type: "DoubleConstant", value: { type: "ExponentialLiteral", value: "1E10" } }],
    ["true", { type: "BooleanLiteral", value: true }],
    ['"a\\tb\\n\\r\\"\\\'\\\\"', { type: "StringLiteral", value: "a\tb\n\r\"'\\" }],
    ["'it''s'", undefined],
    ["'say \"hi\"'", { type: "StringLiteral", value: 'say "hi"' }],
    ["Color.RED", { type: "Identifier", value: "Color.RED" }],
    [
      "[1 2; 3,]",
      { type: "ConstList", elements: [{ type: "IntConstant" }, { type: "IntConstant" }, { type: "IntConstant" }] },
    ],
    ['{"a": 1 "b": 2; }', { type: "ConstMap", properties: [{ name: { value: "a" } }, { name: { value: "b" } }] }],
    ["{}", { type: "ConstMap", properties: [] }],
  ])("reads %s", (text, expected) => {
    if (expected === undefined) {
      expect(() => value(text)).toThrow(IdlError);
    } else {
      expect(value(text)).toMatchObject(expected);
    }
  });

  it.each([
    ['const string S = "a\\qb"', "t.thrift:1:20: Bad escape character"],
    ['const string S = "ab\ncd"', "t.thrift:1:21: End of line while reading a string"],
    ['const string S = "ab', "t.thrift:1:21: End of file while reading a string"],
    ["const i64 X = 9223372036854775808", 't.thrift:1:15: This integer is too big: "9223372036854775808"'],
    ["const i64 X = -0x8000000000000001", 't.thrift:1:15: This integer is too big: "-0x8000000000000001"'],
    ["/* never closed", "t.thrift:1:1: End of file in a comment that /* opened"],
  ])("refuses %p as Apache's compiler does", (idl, message) => {
    expect(rejection(idl)).toBe(message);
  });

  it("reads the extremes of i64", () => {
    const document = parseIdl("const i64 A = -9223372036854775808\nconst i64 B = 0x7fffffffffffffff", "t.thrift");
    expect(document.definitions.map((d) => (d as Const).initializer)).toMatchObject([
      { value: { value: "-9223372036854775808" } },
      { value: { value: "0x7fffffffffffffff" } },
    ]);
  });
});

describe("constructs", () => {
  it("reads every header: include, cpp_include, namespaces with a scope, * and annotations", () => {
    const document = parseIdl(
      'include "a/b.thrift"\ncpp_include "<map>"\nnamespace * all\nnamespace java.swift org.x (package.prefix = "y")\n' +
        "namespace py.twisted z",
      "t.thrift",
    );
    expect(document.headers).toMatchObject([
      { type: "Include", path: { value: "a/b.thrift" } },
      { type: "CppInclude", path: { value: "<map>" } },
      { type: "Namespace", scope: { value: "*" }, name: { value: "all" }, annotations: [] },
      {
        type: "Namespace",
        scope: { value: "java.swift" },
        name: { value: "org.x" },
        annotations: [{ name: { value: "package.prefix" }, value: { value: "y" } }],
      },
      { type: "Namespace", scope: { value: "py.twisted" } },
    ]);
  });

  it("reads a field with every part Apache's grammar has", () => {
    const struct = only<Struct>(
      parseIdl(
        'struct S xsd_all { 0x10: required list cpp_type "std::vector" <i32 (a)> & xs = [1] xsd_optional xsd_nillable ' +
          'xsd_attrs { 1: i32 attr } (b = "c", d; e = "f") ; }',
        "t.thrift",
      ),
    );
    expect(struct.fields).toMatchObject([
      {
        id: { value: 16 },
        requiredness: "required",
        fieldType: {
          type: "ListType",
          valueType: { type: "BaseType", name: "i32", annotations: [{ name: { value: "a" } }] },
        },
        reference: true,
        name: { value: "xs" },
        defaultValue: { type: "ConstList" },
        annotations: [{ name: { value: "b" } }, { name: { value: "d" }, value: undefined }, { name: { value: "e" } }],
      },
    ]);
  });

  it("reads fields named like keywords, as Apache's FieldName rule allows", () => {
    const words = [
      "namespace",
      "include",
      "void",
      "bool",
      "i8",
      "string",
      "map",
      "list",
      "oneway",
      "async",
      "struct",
      "service",
      "required",
      "optional",
      "uuid",
    ];
    const struct = only<Struct>(
      parseIdl(`struct S { ${words.map((w, i) => `${i + 1}: i32 ${w}`).join("; ")} }`, "t.thrift"),
    );
    expect(struct.fields.map((field) => field.name.value)).toEqual(words);
  });

  it("reads a service: extends, oneway and async, throws, annotations everywhere, separators", () => {
    const document = parseIdl(
      "service S extends base.Base {\n" +
        '  oneway void a(1: i32 x) (k = "v"),\n' +
        "  async void b();\n" +
        "  map<string, set<i64>> c(1: i32 x, 2: i32 y;) throws (1: E e) (idempotency = 'idempotent')\n" +
        "} (svc.annotation)",
      "t.thrift",
    );
    expect(document.definitions).toMatchObject([
      {
        type: "Service",
        extends: { value: "base.Base" },
        annotations: [{ name: { value: "svc.annotation" } }],
        functions: [
          {
            name: { value: "a" },
            oneway: true,
            returnType: { type: "VoidType" },
            annotations: [{ name: { value: "k" } }],
          },
          { name: { value: "b" }, oneway: true },
          { name: { value: "c" }, oneway: false, returnType: { type: "MapType" }, throws: [{ name: { value: "e" } }] },
        ],
      },
    ]);
  });

  it("keeps the comments before a definition, field, enum member or function as its doc", () => {
    const document = parseIdl(
      "/** The thing.\n * Second line. */\nstruct A {\n  // one\n  1: i32 a, // about a, not b\n  # two\n  2: i32 b\n}\n" +
        "enum E {\n  /* first */ X,\n  Y\n}\nservice S {\n  /** call it */\n  void f()\n}",
      "t.thrift",
    );
    expect(document.definitions).toMatchObject([
      { doc: ["The thing.", "Second line."], fields: [{ doc: ["one"] }, { doc: ["two"] }] },
      { members: [{ doc: ["first"] }, { doc: [] }] },
      { functions: [{ doc: ["call it"] }] },
    ]);
  });

  it("When a line comment has more than its marker (`/// a`, `## b`, a rule of slashes) Then its doc has the text alone", () => {
    const document = parseIdl("/// Returns a.\n///\n////////\n## b\nstruct A {}", "t.thrift");
    expect(document.definitions).toMatchObject([{ doc: ["Returns a.", "", "", "b"] }]);
  });

  it.each([
    ['senum S { "a" }', 't.thrift:1:1: "senum" is no longer supported, use "string" instead'],
    ["struct A { 1: slist s }", 't.thrift:1:15: "slist" is no longer supported, use "string" instead'],
    ["cpp_namespace thrift.test", 't.thrift:1:1: "cpp_namespace" is no longer supported, use "namespace cpp" instead'],
    [
      "struct A {}\njava_package x",
      't.thrift:2:1: "java_package" is no longer supported, use "namespace java" instead',
    ],
    ["struct A {};", 't.thrift:1:12: expected "(", definition or end of file, found ";"'],
    ['struct A {}\ninclude "b.thrift"', 't.thrift:2:1: expected "(", definition or end of file, found "include"'],
    ['namespace php "x"', 't.thrift:1:15: expected identifier, found "\\""'],
    ["struct struct {}", `t.thrift:1:8: expected identifier, found "struct", a reserved word of Thrift's IDL`],
    ["struct A { 1: i32 true }", 't.thrift:1:19: expected "&", "(" or field name, found "true"'],
    ["typedef void V", `t.thrift:1:9: expected identifier or type, found "void", a reserved word of Thrift's IDL`],
  ])("refuses %p as Apache's grammar does", (idl, message) => {
    expect(rejection(idl)).toBe(message);
  });
});
