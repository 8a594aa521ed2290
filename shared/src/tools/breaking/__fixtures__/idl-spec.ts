// Random IDL programs that load (every name resolves, every policy is valid, Apache's
// compiler accepts them too), as a plain description printed to IDL text: with any
// layout and separators, and with every order the IDL allows (definitions, fields,
// members, methods and parameters shuffled; services after their parents).
import fc from "fast-check";

export type BaseName = "bool" | "byte" | "i16" | "i32" | "i64" | "double" | "string" | "binary";
export const baseNames: readonly BaseName[] = ["bool", "byte", "i16", "i32", "i64", "double", "string", "binary"];

export type TypeSpec =
  | { readonly kind: "base"; readonly name: BaseName }
  | { readonly kind: "list" | "set"; readonly element: TypeSpec }
  | { readonly kind: "map"; readonly key: TypeSpec; readonly value: TypeSpec }
  | { readonly kind: "named"; readonly name: string };

export interface FieldSpec {
  readonly id: number;
  readonly name: string;
  readonly requiredness: "required" | "optional" | "default";
  readonly type: TypeSpec;
  /** An IDL literal of the field's type, for i32, string and bool fields. */
  readonly default?: string;
}

export interface StructSpec {
  readonly kind: "struct" | "union" | "exception";
  readonly name: string;
  readonly fields: readonly FieldSpec[];
}

export interface MethodSpec {
  readonly name: string;
  readonly oneway: boolean;
  readonly returns?: TypeSpec;
  readonly params: readonly FieldSpec[];
  readonly throws: readonly { readonly id: number; readonly name: string; readonly exception: string }[];
  readonly annotations: string;
}

export interface Spec {
  readonly enums: readonly {
    readonly name: string;
    readonly members: readonly { readonly name: string; readonly value: number }[];
  }[];
  readonly structs: readonly StructSpec[];
  readonly typedefs: readonly { readonly name: string; readonly type: TypeSpec }[];
  readonly services: readonly {
    readonly name: string;
    readonly parent?: string;
    readonly methods: readonly MethodSpec[];
  }[];
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function typeArbitrary(named: readonly string[], depth = 2): fc.Arbitrary<TypeSpec> {
  const base = fc.constantFrom(...baseNames).map((name): TypeSpec => ({ kind: "base", name }));
  const leaf =
    named.length === 0
      ? base
      : fc.oneof(
          base,
          fc.constantFrom(...named).map((name): TypeSpec => ({ kind: "named", name })),
        );
  if (depth === 0) return leaf;
  const inner = typeArbitrary(named, depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("list" as const, "set" as const), element: inner }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("map" as const), key: base, value: inner }) },
  );
}

const defaults: Partial<Record<BaseName, fc.Arbitrary<string>>> = {
  i32: fc.integer({ min: -1000, max: 1000 }).map(String),
  string: fc.constantFrom('"a"', '"b c"', '""'),
  bool: fc.constantFrom("true", "false"),
};

function fieldsArbitrary(
  named: readonly string[],
  kind: "struct" | "union" | "exception" | "params",
): fc.Arbitrary<FieldSpec[]> {
  return fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 4 }).chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc
          .record({
            requiredness:
              kind === "union"
                ? fc.constant("default" as const)
                : fc.constantFrom("required" as const, "optional" as const, "default" as const),
            type: typeArbitrary(named),
            withDefault: fc.boolean(),
          })
          .chain(({ requiredness, type, withDefault }) => {
            const literal = type.kind === "base" && kind !== "union" && withDefault ? defaults[type.name] : undefined;
            const field = { id, name: `f${id}`, requiredness, type };
            return literal === undefined
              ? fc.constant<FieldSpec>(field)
              : literal.map((value): FieldSpec => ({ ...field, default: value }));
          }),
      ),
    ),
  );
}

function annotationsArbitrary(oneway: boolean): fc.Arbitrary<string> {
  if (oneway) return fc.constantFrom("", 'idempotency = "none"');
  return fc
    .record({
      idempotency: fc.constantFrom("none", "idempotent", "no_side_effects"),
      maxAge: fc.constantFrom(0, 5, 60),
      shared: fc.boolean(),
      timeout: fc.option(fc.constantFrom(500, 10_000, 20_000), { nil: undefined }),
    })
    .map(({ idempotency, maxAge, shared, timeout }) => {
      const parts = idempotency === "none" ? [] : [`idempotency = "${idempotency}"`];
      if (idempotency === "no_side_effects" && maxAge > 0) {
        parts.push(`cache.max_age = "${maxAge}"`);
        if (shared) parts.push('cache.shared = "true"');
      }
      if (timeout !== undefined) parts.push(`timeout_ms = "${timeout}"`);
      return parts.join(", ");
    });
}

export const specArbitrary: fc.Arbitrary<Spec> = fc
  .record({
    enums: fc.nat(2),
    structs: fc.nat(4),
    typedefs: fc.nat(2),
    services: fc.nat(2),
    kinds: fc.array(fc.constantFrom("struct", "union", "exception") as fc.Arbitrary<StructSpec["kind"]>, {
      minLength: 4,
      maxLength: 4,
    }),
  })
  .chain((counts) => {
    const enumNames = range(counts.enums).map((i) => `E${i}`);
    const structNames = range(counts.structs).map((i) => `S${i}`);
    const typedefNames = range(counts.typedefs).map((i) => `T${i}`);
    const types = [...enumNames, ...structNames];
    const named = [...types, ...typedefNames];
    const exceptions = structNames.filter((_, i) => counts.kinds[i] === "exception");
    const enums = fc.tuple(
      ...enumNames.map((name) =>
        fc.uniqueArray(fc.integer({ min: -3, max: 40 }), { minLength: 1, maxLength: 4 }).map((values) => ({
          name,
          members: values.map((value, j) => ({ name: `${name}_${j}`, value })),
        })),
      ),
    );
    const structs = fc.tuple(
      ...structNames.map((name, i) =>
        fieldsArbitrary(named, counts.kinds[i]!).map(
          (fields): StructSpec => ({ kind: counts.kinds[i]!, name, fields }),
        ),
      ),
    );
    const typedefs = fc.tuple(...typedefNames.map((name) => typeArbitrary(types, 1).map((type) => ({ name, type }))));
    const method = (name: string) =>
      fc
        .record({
          oneway: fc.boolean(),
          returns: fc.option(typeArbitrary(named), { nil: undefined }),
          params: fieldsArbitrary(named, "params"),
        })
        .chain(({ oneway, returns, params }) => {
          const isOneway = oneway && returns === undefined;
          const throws =
            isOneway || exceptions.length === 0
              ? fc.constant([])
              : fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { maxLength: 2 });
          return fc
            .record({
              throws: throws.chain((ids) =>
                fc.tuple(
                  ...ids.map((id) =>
                    fc.constantFrom(...exceptions).map((exception) => ({ id, name: `e${id}`, exception })),
                  ),
                ),
              ),
              annotations: annotationsArbitrary(isOneway),
            })
            .map(
              ({ throws: thrown, annotations }): MethodSpec => ({
                name,
                oneway: isOneway,
                returns,
                params,
                throws: thrown,
                annotations,
              }),
            );
        });
    const services = fc.tuple(
      ...range(counts.services).map((s) =>
        fc
          .record({
            parent:
              s === 0
                ? fc.constant(undefined)
                : fc.option(fc.constantFrom(...range(s).map((p) => `V${p}`)), { nil: undefined }),
            methods: fc.nat(3).chain((n) => fc.tuple(...range(n).map((m) => method(`m${s}_${m}`)))),
          })
          .map(({ parent, methods }) => ({ name: `V${s}`, ...(parent === undefined ? {} : { parent }), methods })),
      ),
    );
    return fc.record({ enums, structs, typedefs, services });
  });

/** Whitespace and comments between tokens, and separators after fields and members, used in turn. */
export interface Layout {
  readonly gaps: readonly string[];
  readonly separators: readonly string[];
}

export const plain: Layout = { gaps: [" "], separators: [""] };

export const layoutArbitrary: fc.Arbitrary<Layout> = fc.record({
  gaps: fc.array(fc.constantFrom(" ", "\n", "\t", "  \n", " /* c */ ", "\n// c\n", " # c\n"), {
    minLength: 1,
    maxLength: 5,
  }),
  separators: fc.array(fc.constantFrom("", ",", ";", " ,"), { minLength: 1, maxLength: 3 }),
});

function cycle(items: readonly string[]): () => string {
  let i = 0;
  return () => items[i++ % items.length]!;
}

export function printType(type: TypeSpec): string {
  switch (type.kind) {
    case "base":
      return type.name;
    case "named":
      return type.name;
    case "list":
    case "set":
      return `${type.kind}<${printType(type.element)}>`;
    case "map":
      return `map<${printType(type.key)}, ${printType(type.value)}>`;
  }
}

/** The IDL text of `spec`, definitions in its order: enums, typedefs, structs, services. */
export function printSpec(spec: Spec, layout: Layout = plain): string {
  const gap = cycle(layout.gaps);
  const separator = cycle(layout.separators);
  const field = (f: FieldSpec) =>
    `${f.id}:${gap()}${f.requiredness === "default" ? "" : `${f.requiredness}${gap()}`}${printType(f.type)}${gap()}${f.name}${f.default === undefined ? "" : `${gap()}=${gap()}${f.default}`}${separator()}`;
  const lines: string[] = [];
  for (const e of spec.enums)
    lines.push(
      `enum ${e.name}${gap()}{${gap()}${e.members.map((m) => `${m.name} = ${m.value}${separator()}`).join(gap())}${gap()}}`,
    );
  for (const t of spec.typedefs) lines.push(`typedef${gap()}${printType(t.type)}${gap()}${t.name}`);
  for (const s of spec.structs)
    lines.push(`${s.kind} ${s.name}${gap()}{${gap()}${s.fields.map(field).join(gap())}${gap()}}`);
  for (const v of spec.services) {
    const methods = v.methods.map((m) => {
      const throws =
        m.throws.length === 0
          ? ""
          : `${gap()}throws${gap()}(${m.throws.map((t) => `${t.id}: ${t.exception} ${t.name}`).join(", ")})`;
      const annotations = m.annotations === "" ? "" : `${gap()}(${m.annotations})`;
      return `${m.oneway ? "oneway " : ""}${m.returns === undefined ? "void" : printType(m.returns)} ${m.name}(${gap()}${m.params.map(field).join(gap())})${throws}${annotations}${separator()}`;
    });
    lines.push(
      `service ${v.name}${v.parent === undefined ? "" : ` extends ${v.parent}`}${gap()}{${gap()}${methods.join(gap())}${gap()}}`,
    );
  }
  return `${lines.join(`\n${gap()}`)}\n`;
}

/**
 * `spec` in another order the IDL allows, chosen by `seed`: definitions, fields,
 * enum members, methods, parameters and exceptions shuffled; a service still after
 * its parent, and every type's order free (types may be used before their declaration).
 */
export function reorder(spec: Spec, seed: number): Spec {
  let state = seed >>> 0;
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
  const services: Spec["services"][number][] = [];
  for (const service of shuffle(spec.services)) {
    // A parent first: insert each service before the first of its descendants already placed.
    const child = services.findIndex((placed) => ancestors(spec, placed.name).includes(service.name));
    services.splice(child < 0 ? services.length : child, 0, service);
  }
  return {
    enums: shuffle(spec.enums).map((e) => ({ ...e, members: shuffle(e.members) })),
    typedefs: shuffle(spec.typedefs),
    structs: shuffle(spec.structs).map((s) => ({ ...s, fields: shuffle(s.fields) })),
    services: services.map((v) => ({
      ...v,
      methods: shuffle(v.methods).map((m) => ({ ...m, params: shuffle(m.params), throws: shuffle(m.throws) })),
    })),
  };
}

function ancestors(spec: Spec, name: string): string[] {
  const parent = spec.services.find((service) => service.name === name)?.parent;
  return parent === undefined ? [] : [parent, ...ancestors(spec, parent)];
}
