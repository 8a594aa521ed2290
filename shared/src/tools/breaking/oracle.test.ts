// Apache's compiler as the oracle: `thrift --audit OLD NEW` (Debian's thrift 0.17) and
// `thrift-http breaking OLD NEW` agree on whether a change breaks, for random programs
// and one random change of the kinds both judge alike. The changes they judge apart,
// on purpose, are listed below with both verdicts (docs/tools.md says why for each).
// Runs where `thrift` is installed (`apt-get install thrift-compiler`; CI installs it).
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { run, writeTree } from "./__fixtures__/breaking";
import {
  baseNames,
  printSpec,
  specArbitrary,
  type BaseName,
  type FieldSpec,
  type MethodSpec,
  type Spec,
  type StructSpec,
  type TypeSpec,
} from "./__fixtures__/idl-spec";

const installed = spawnSync("thrift", ["--version"]).status === 0;

/** Both verdicts on one pair: whether each finds a break. */
function verdicts(old: string, now: string) {
  const dir = writeTree({ "old.thrift": old, "new.thrift": now });
  try {
    const apache = spawnSync("thrift", ["--audit", join(dir, "old.thrift"), join(dir, "new.thrift")], {
      encoding: "utf8",
    });
    const ours = run(dir, [join(dir, "old.thrift"), join(dir, "new.thrift")]);
    if (ours.code === 2) throw new Error(`thrift-http breaking failed: ${ours.err.join("\n")}`);
    return { apache: apache.status !== 0, ours: ours.code === 1, details: { apache: apache.stderr, ours: ours.out } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- One change of a kind both judge alike; each returns every way to make it. ---

const isBase = (type: TypeSpec): type is Extract<TypeSpec, { kind: "base" }> => type.kind === "base";
/** Another base type, not string <-> binary (the same name to Apache, other bytes in JSON to us). */
const otherBase = (name: BaseName, pick: number): BaseName => {
  const others = baseNames.filter(
    (other) => other !== name && !(["string", "binary"].includes(name) && ["string", "binary"].includes(other)),
  );
  return others[pick % others.length]!;
};
const replaceAt = <T>(list: readonly T[], i: number, item: T | undefined): T[] =>
  item === undefined ? list.filter((_, j) => j !== i) : list.map((x, j) => (j === i ? item : x));
const withStruct = (spec: Spec, i: number, struct: StructSpec | undefined): Spec => ({
  ...spec,
  structs: replaceAt(spec.structs, i, struct),
});
const methodsOf = (spec: Spec) =>
  spec.services.flatMap((service, s) => service.methods.map((method, m) => ({ service, s, method, m })));
const withMethod = (spec: Spec, s: number, m: number, method: MethodSpec | undefined): Spec => ({
  ...spec,
  services: replaceAt(spec.services, s, {
    ...spec.services[s]!,
    methods: replaceAt(spec.services[s]!.methods, m, method),
  }),
});
const names = (type: TypeSpec): string[] =>
  type.kind === "named"
    ? [type.name]
    : type.kind === "map"
      ? [...names(type.key), ...names(type.value)]
      : type.kind === "base"
        ? []
        : names(type.element);
const used = (spec: Spec): Set<string> =>
  new Set([
    ...spec.typedefs.flatMap((t) => names(t.type)),
    ...spec.structs.flatMap((s) => s.fields.flatMap((f) => names(f.type))),
    ...methodsOf(spec).flatMap(({ method }) => [
      ...(method.returns ? names(method.returns) : []),
      ...method.params.flatMap((p) => names(p.type)),
      ...method.throws.map((t) => t.exception),
    ]),
  ]);
const chainHasMethods = (spec: Spec, name: string | undefined): boolean => {
  const service = spec.services.find((v) => v.name === name);
  return service !== undefined && (service.methods.length > 0 || chainHasMethods(spec, service.parent));
};

const mutations: Record<string, (spec: Spec, pick: number) => Spec[]> = {
  "a field's base type": (spec, pick) =>
    spec.structs.flatMap((s, i) =>
      s.fields.flatMap((f, j) =>
        isBase(f.type)
          ? [
              withStruct(spec, i, {
                ...s,
                fields: replaceAt(s.fields, j, {
                  ...f,
                  type: { kind: "base", name: otherBase(f.type.name, pick) },
                  default: undefined,
                }),
              }),
            ]
          : [],
      ),
    ),
  "a field's requiredness": (spec, pick) =>
    spec.structs.flatMap((s, i) =>
      s.kind === "union"
        ? []
        : s.fields.map((f, j) => {
            const next = (["required", "optional", "default"] as const).filter((r) => r !== f.requiredness)[pick % 2]!;
            return withStruct(spec, i, { ...s, fields: replaceAt(s.fields, j, { ...f, requiredness: next }) });
          }),
    ),
  "a field added after the others": (spec, pick) =>
    spec.structs.map((s, i) => {
      const id = Math.max(0, ...s.fields.map((f) => f.id)) + 1;
      const requiredness = s.kind === "union" ? "default" : (["required", "optional", "default"] as const)[pick % 3]!;
      return withStruct(spec, i, {
        ...s,
        fields: [...s.fields, { id, name: `added${id}`, requiredness, type: { kind: "base", name: "i32" } }],
      });
    }),
  "a required field removed": (spec) =>
    spec.structs.flatMap((s, i) =>
      s.kind === "union"
        ? []
        : s.fields.flatMap((f, j) =>
            f.requiredness === "required"
              ? [withStruct(spec, i, { ...s, fields: replaceAt(s.fields, j, undefined) })]
              : [],
          ),
    ),
  "an unused struct removed": (spec) =>
    spec.structs.flatMap((s, i) => (used(spec).has(s.name) ? [] : [withStruct(spec, i, undefined)])),
  "a method removed": (spec) => methodsOf(spec).map(({ s, m }) => withMethod(spec, s, m, undefined)),
  "a method added": (spec) =>
    spec.services.map((v, s) => {
      const added: MethodSpec = { name: `added_${s}`, oneway: false, params: [], throws: [], annotations: "" };
      return { ...spec, services: replaceAt(spec.services, s, { ...v, methods: [...v.methods, added] }) };
    }),
  "a result's base type": (spec, pick) =>
    methodsOf(spec).flatMap(({ s, m, method }) =>
      method.returns && isBase(method.returns)
        ? [withMethod(spec, s, m, { ...method, returns: { kind: "base", name: otherBase(method.returns.name, pick) } })]
        : [],
    ),
  "a parameter's base type": (spec, pick) =>
    methodsOf(spec).flatMap(({ s, m, method }) =>
      method.params.flatMap((p, j) =>
        isBase(p.type)
          ? [
              withMethod(spec, s, m, {
                ...method,
                params: replaceAt(method.params, j, {
                  ...p,
                  type: { kind: "base", name: otherBase(p.type.name, pick) },
                  default: undefined,
                } as FieldSpec),
              }),
            ]
          : [],
      ),
    ),
  "oneway toggled": (spec) =>
    methodsOf(spec).flatMap(({ s, m, method }) =>
      method.returns === undefined && method.throws.length === 0
        ? [withMethod(spec, s, m, { ...method, oneway: !method.oneway, annotations: "" })]
        : [],
    ),
  "a declared exception removed": (spec) =>
    methodsOf(spec).flatMap(({ s, m, method }) =>
      method.throws.map((_, j) =>
        withMethod(spec, s, m, { ...method, throws: replaceAt(method.throws, j, undefined) }),
      ),
    ),
  "an exception added to a method with a result": (spec) => {
    const exception = spec.structs.find((s) => s.kind === "exception")?.name;
    if (exception === undefined) return [];
    return methodsOf(spec).flatMap(({ s, m, method }) => {
      if (method.returns === undefined) return [];
      const id = Math.max(0, ...method.throws.map((t) => t.id)) + 1;
      return [withMethod(spec, s, m, { ...method, throws: [...method.throws, { id, name: `x${id}`, exception }] })];
    });
  },
  "an enum value removed": (spec) =>
    spec.enums.flatMap((e, i) =>
      e.members.map((_, j) => ({
        ...spec,
        enums: replaceAt(spec.enums, i, { ...e, members: replaceAt(e.members, j, undefined) }),
      })),
    ),
  "an enum value added": (spec) =>
    spec.enums.map((e, i) => ({
      ...spec,
      enums: replaceAt(spec.enums, i, {
        ...e,
        members: [...e.members, { name: `${e.name}_new`, value: Math.max(...e.members.map((m) => m.value)) + 1 }],
      }),
    })),
  "a service nothing extends removed": (spec) =>
    spec.services.flatMap((v, i) =>
      spec.services.some((other) => other.parent === v.name)
        ? []
        : [{ ...spec, services: replaceAt(spec.services, i, undefined) }],
    ),
  "a parent with methods removed": (spec) =>
    spec.services.flatMap((v, i) => {
      if (v.parent === undefined || !chainHasMethods(spec, v.parent)) return [];
      const { parent: _, ...orphan } = v;
      return [{ ...spec, services: replaceAt(spec.services, i, orphan) }];
    }),
  nothing: (spec) => [spec],
};

(installed ? describe : describe.skip)("agreeing with thrift --audit", () => {
  it("When one change of a kind both judge is made to a random program Then both find a break, or neither does", () => {
    const kinds = Object.keys(mutations);
    fc.assert(
      fc.property(specArbitrary, fc.constantFrom(...kinds), fc.nat(), fc.nat(), (spec, kind, which, pick) => {
        const choices = mutations[kind]!(spec, pick);
        fc.pre(choices.length > 0);
        const changed = choices[which % choices.length]!;
        const { apache, ours, details } = verdicts(printSpec(spec), printSpec(changed));
        expect({ kind, ours, details }).toEqual({ kind, ours: apache, details });
      }),
      { numRuns: 250 },
    );
  });

  // [change, OLD, NEW, Apache finds a break, we find a break]
  const apart: readonly (readonly [string, string, string, boolean, boolean])[] = [
    [
      "a field's type spelled with a typedef of it",
      "struct A { 1: i64 x }",
      "typedef i64 Id\nstruct A { 1: Id x }",
      true,
      false,
    ],
    [
      "a typedef's type changed under its users",
      "typedef i32 T\nstruct A { 1: T x }",
      "typedef i64 T\nstruct A { 1: T x }",
      false,
      true,
    ],
    ["string changed to binary", "struct A { 1: string x }", "struct A { 1: binary x }", false, true],
    [
      "an enum changed to an i32",
      "enum E { X }\nstruct A { 1: E x }",
      "enum E { X }\nstruct A { 1: i32 x }",
      true,
      false,
    ],
    ["an optional field removed", "struct A { 1: i32 x; 2: optional i32 y }", "struct A { 1: i32 x }", true, false],
    [
      "a field added between others",
      "struct A { 1: i32 x; 3: i32 z }",
      "struct A { 1: i32 x; 2: i32 y; 3: i32 z }",
      true,
      false,
    ],
    [
      "a struct renamed where it is used",
      "struct P { 1: i32 x }\nservice S { P get() }",
      "struct Q { 1: i32 x }\nservice S { Q get() }",
      true,
      false,
    ],
    ["an enum removed", "enum E { X }", "", false, true],
    ["two enum values swapped", "enum E { A = 1, B = 2 }", "enum E { A = 2, B = 1 }", false, true],
    [
      "a parameter added, neither optional nor defaulted",
      "service S { void a() }",
      "service S { void a(1: i32 x) }",
      false,
      true,
    ],
    ["an optional parameter removed", "service S { void a(1: optional i32 x) }", "service S { void a() }", true, false],
    ["a result added to a void method", "service S { void a() }", "service S { i32 a() }", true, false],
    [
      "an exception added to a void method",
      "exception E {}\nservice S { void a() }",
      "exception E {}\nservice S { void a() throws (1: E e) }",
      false,
      true,
    ],
    [
      "a parent's methods declared by the child",
      "service P { void p() }\nservice S extends P {}",
      "service P { void p() }\nservice S { void p() }",
      true,
      false,
    ],
    [
      "idempotency no_side_effects removed",
      'service S { i32 a() (idempotency = "no_side_effects") }',
      "service S { i32 a() }",
      false,
      true,
    ],
  ];

  const verdict = (breaks: boolean) => (breaks ? "break" : "compatible");
  it.each(
    apart.map(
      ([change, old, now, apache, ours]) => [change, verdict(apache), verdict(ours), old, now, apache, ours] as const,
    ),
  )("When %s Then Apache says %s and we say %s, on purpose", (_change, _a, _o, old, now, apache, ours) => {
    expect(verdicts(old, now)).toMatchObject({ apache, ours });
  });
});
