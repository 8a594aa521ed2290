// Properties over random IDL programs (__fixtures__/idl-spec.ts): a program compared with
// itself, or with a copy laid out and ordered otherwise, has no change at all; renaming
// every type keeps the wire; and any two programs get an answer, never a crash.
import fc from "fast-check";
import { breaking } from "./__fixtures__/breaking";
import { layoutArbitrary, printSpec, reorder, specArbitrary, type Spec, type TypeSpec } from "./__fixtures__/idl-spec";

const runs = { numRuns: 150 };

/** Every struct, union, exception and enum of `spec` renamed `R_<name>`, typedefs too, everywhere they are used. */
function renameTypes(spec: Spec): Spec {
  const rename = (name: string) => `R_${name}`;
  const type = (t: TypeSpec): TypeSpec => {
    switch (t.kind) {
      case "named":
        return { kind: "named", name: rename(t.name) };
      case "list":
      case "set":
        return { kind: t.kind, element: type(t.element) };
      case "map":
        return { kind: "map", key: type(t.key), value: type(t.value) };
      default:
        return t;
    }
  };
  const fields = <F extends { type: TypeSpec }>(list: readonly F[]) => list.map((f) => ({ ...f, type: type(f.type) }));
  return {
    enums: spec.enums.map((e) => ({ ...e, name: rename(e.name) })),
    typedefs: spec.typedefs.map((t) => ({ name: rename(t.name), type: type(t.type) })),
    structs: spec.structs.map((s) => ({ ...s, name: rename(s.name), fields: fields(s.fields) })),
    services: spec.services.map((v) => ({
      ...v,
      methods: v.methods.map((m) => ({
        ...m,
        ...(m.returns === undefined ? {} : { returns: type(m.returns) }),
        params: fields(m.params),
        throws: m.throws.map((t) => ({ ...t, exception: rename(t.exception) })),
      })),
    })),
  };
}

/** `spec` with a service using every struct and enum, so that each is found by its use. */
function everyTypeUsed(spec: Spec): Spec {
  const types = [...spec.structs.map((s) => s.name), ...spec.enums.map((e) => e.name)];
  const params = types.map((name, i) => ({
    id: i + 1,
    name: `p${i + 1}`,
    requiredness: "default" as const,
    type: { kind: "named" as const, name },
  }));
  const all = { name: "All", oneway: false, params, throws: [], annotations: "" };
  return { ...spec, services: [...spec.services, { name: "Uses", methods: [all] }] };
}

describe("thrift-http breaking on random programs", () => {
  it("When a program is compared with itself Then it is compatible with no changes", () => {
    fc.assert(
      fc.property(specArbitrary, layoutArbitrary, (spec, layout) => {
        const text = printSpec(spec, layout);
        expect(breaking(text, text)).toEqual({ code: 0, out: ["compatible: no changes"], err: [] });
      }),
      runs,
    );
  });

  it("When a program is compared with a copy laid out and ordered otherwise Then there is no change", () => {
    fc.assert(
      fc.property(specArbitrary, layoutArbitrary, layoutArbitrary, fc.integer(), (spec, before, after, seed) => {
        expect(breaking(printSpec(spec, before), printSpec(reorder(spec, seed), after))).toEqual({
          code: 0,
          out: ["compatible: no changes"],
          err: [],
        });
      }),
      runs,
    );
  });

  it("When every type is renamed, where each is used by a method Then it is compatible, every change safe", () => {
    fc.assert(
      fc.property(specArbitrary.map(everyTypeUsed), fc.integer(), (spec, seed) => {
        const result = breaking(printSpec(spec), printSpec(reorder(renameTypes(spec), seed)), ["-v"]);
        expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: [] });
        for (const line of result.out.slice(0, -1)) expect(line).toMatch(/^(old|new)\.thrift:\d+:\d+: safe /);
        const renamed = spec.structs.length + spec.enums.length;
        expect(result.out.filter((line) => line.includes(": safe type-renamed: "))).toHaveLength(renamed);
      }),
      runs,
    );
  });

  it("When any two programs are compared Then the answer is 0 or 1, one located line per change", () => {
    fc.assert(
      fc.property(specArbitrary, specArbitrary, (a, b) => {
        const [old, now] = [printSpec(a), printSpec(b)];
        const result = breaking(old, now, ["-v"]);
        expect(result.err).toEqual([]);
        expect([0, 1]).toContain(result.code);
        const lines = { "old.thrift": old.split("\n").length, "new.thrift": now.split("\n").length };
        for (const line of result.out.slice(0, -1)) {
          const match = /^(old\.thrift|new\.thrift):(\d+):(\d+): (break|safe) [a-z-]+: \S.*: \S/.exec(line);
          expect({
            line,
            located: match !== null && Number(match[2]) <= lines[match[1] as keyof typeof lines],
          }).toEqual({ line, located: true });
        }
        expect(result.out.at(-1)).toMatch(result.code === 0 ? /^compatible: / : /^\d+ breaking changes?/);
      }),
      runs,
    );
  });
});
