// Properties of the parser over random IDL from every construct of the grammar: what is
// printed reads back the same, whatever the layout, comments and optional separators;
// every location points at its text; and any damage to a file gets an IdlError at a
// line and column inside the file, never a crash or a hang.
import fc from "fast-check";
import { IdlError } from "./errors";
import { generateFiles } from "./generate";
import type { Document } from "./idl/ast";
import { bare, documentArbitrary, print } from "./fixtures/idl-source";
import { maxNesting, parseIdl } from "./parse";

// Layout a file may have between two tokens; each `//` and `#` comment ends its line.
const gaps = fc.array(
  fc.constantFrom(" ", "\n", "\t", "\r\n", " /* c */ ", "/**/", "/* a\n b */", " // c\n", " # c\n", "  \n\n"),
  {
    minLength: 1,
    maxLength: 8,
  },
);
const separators = fc.array(fc.constantFrom("", ",", ";", " ,", "\n;"), { minLength: 1, maxLength: 4 });
const cycle = (items: readonly string[]) => {
  let i = 0;
  return () => items[i++ % items.length]!;
};

const layout = fc.record({ document: documentArbitrary, gaps, separators });

describe("the parser, on random IDL", () => {
  it("reads back what was printed, with any layout, comments and separators", () => {
    fc.assert(
      fc.property(layout, ({ document, gaps, separators }) => {
        const source = print(document, cycle(gaps), cycle(separators));
        expect(bare(parseIdl(source, "t.thrift"))).toEqual(document);
      }),
      { numRuns: 300 },
    );
  });

  it("locates every name, field and annotation at its own text", () => {
    fc.assert(
      fc.property(layout, ({ document, gaps, separators }) => {
        const source = print(document, cycle(gaps), cycle(separators));
        const parsed = parseIdl(source, "t.thrift");
        for (const node of named(parsed)) {
          const { start, end } = node.loc;
          expect(source.slice(start.index, end.index)).toBe(node.value);
          const before = source.slice(0, start.index).split(/\r\n|\n/);
          expect([start.line, start.column]).toEqual([before.length, before.at(-1)!.length + 1]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// Damage a file can take: characters removed, added or changed, a cut, brackets opened.
type Edit =
  | { kind: "delete"; at: number; length: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "truncate"; at: number }
  | { kind: "nest"; at: number; depth: number; bracket: string };
const damage: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.string({ unit: fc.constantFrom(..."{}[]()<>:;,=\"'*/#\\\n xé0&.-"), maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("nest" as const),
    at: fc.nat(),
    depth: fc.integer({ min: 1, max: maxNesting * 3 }),
    bracket: fc.constantFrom("[", "{", "(", "<"),
  }),
);

function apply(source: string, edits: readonly Edit[]): string {
  let text = source;
  for (const edit of edits) {
    const at = text.length === 0 ? 0 : edit.at % (text.length + 1);
    if (edit.kind === "delete") text = text.slice(0, at) + text.slice(at + edit.length);
    else if (edit.kind === "insert") text = text.slice(0, at) + edit.text + text.slice(at);
    else if (edit.kind === "truncate") text = text.slice(0, at);
    else text = text.slice(0, at) + edit.bracket.repeat(edit.depth) + text.slice(at);
  }
  return text;
}

/** The located prefix of an IdlError from file t.thrift, checked to be inside the text. */
function expectLocatedInside(error: unknown, source: string): void {
  if (!(error instanceof IdlError)) throw error;
  const match = /^t\.thrift:(\d+):(\d+): \S/.exec(error.message);
  expect(match).not.toBeNull();
  const lines = source.split("\n");
  const line = Number(match![1]);
  expect(line).toBeGreaterThanOrEqual(1);
  expect(line).toBeLessThanOrEqual(lines.length);
  expect(Number(match![2])).toBeGreaterThanOrEqual(1);
  expect(Number(match![2])).toBeLessThanOrEqual(lines[line - 1]!.length + 1);
}

describe("the parser and checker, on damaged IDL", () => {
  it("answer every damaged file at once: a tree, or an IdlError at a line and column of the file", () => {
    fc.assert(
      fc.property(documentArbitrary, fc.array(damage, { minLength: 1, maxLength: 4 }), (document, edits) => {
        const source = apply(
          print(
            document,
            () => " ",
            () => "",
          ),
          edits,
        );
        try {
          generateFiles("t.thrift", { readFile: (path) => (path === "t.thrift" ? source : undefined) });
        } catch (error) {
          expectLocatedInside(error, source);
        }
      }),
      { numRuns: 500 },
    );
  });

  it(`When brackets are nested more than ${maxNesting} deep Then the error is at the first one too many`, () => {
    const source = `const list<i32> X = ${"[".repeat(100_000)}`;
    expect(() => parseIdl(source, "t.thrift")).toThrow(
      new IdlError(`t.thrift:1:${21 + maxNesting}: more than ${maxNesting} brackets open at once`),
    );
  });
});

/** Every node the tree names: definitions, fields, members, functions and annotations. */
function named(
  document: Document,
): { value: string; loc: { start: { line: number; column: number; index: number }; end: { index: number } } }[] {
  const nodes: ReturnType<typeof named> = [];
  const annotations = (list: readonly { name: { value: string; loc: never } }[]) => {
    for (const a of list) nodes.push(a.name);
  };
  for (const header of document.headers) if (header.type === "Namespace") nodes.push(header.name);
  for (const d of document.definitions) {
    nodes.push(d.name);
    if (d.type === "Struct" || d.type === "Union" || d.type === "Exception") {
      for (const f of d.fields) {
        nodes.push(f.name);
        annotations(f.annotations as never);
      }
    }
    if (d.type === "Enum") for (const m of d.members) nodes.push(m.name);
    if (d.type === "Service") {
      for (const fn of d.functions) {
        nodes.push(fn.name);
        for (const f of fn.fields) nodes.push(f.name);
        annotations(fn.annotations as never);
      }
    }
  }
  return nodes;
}
