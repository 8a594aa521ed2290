// The run-time codecs against the generated ones, for every struct, union, exception
// and method of the codegen fixtures (every construct the generator supports, across
// included files too): the same bytes written, in all three protocols, and what either
// reads written back the same.
import { join } from "node:path";
import fc from "fast-check";
import type { StructCodec } from "../core/definition";
import type { ServiceDefinition } from "../core/definition";
import { recordOf, structOf, valueOfType } from "../codegen/fixtures/arbitrary";
import * as everything from "../codegen/fixtures/everything";
import * as extended from "../codegen/fixtures/extended";
import * as app from "../codegen/fixtures/includes/gen/app";
import * as base from "../codegen/fixtures/includes/gen/base";
import * as classModule from "../codegen/fixtures/includes/gen/class";
import * as input from "../codegen/fixtures/includes/gen/input";
import * as moduleModule from "../codegen/fixtures/includes/gen/module";
import * as shapes from "../codegen/fixtures/includes/gen/shapes";
import * as types from "../codegen/fixtures/includes/gen/types";
import { decode, encode, protocols } from "../codegen/fixtures/round-trip";
import { argFields } from "../codegen/method-structs";
import type { Idl } from "../codegen/model";
import { bindingName } from "../codegen/names";
import { loadProgram } from "../codegen/resolve/program";
import { DynamicCodecs } from "./codec";
import { dynamicService } from "./definition";

const fixtures = join(__dirname, "..", "codegen", "fixtures");
const generated: Record<string, Record<string, unknown>> = {
  everything,
  extended,
  app,
  base,
  class: classModule,
  input,
  module: moduleModule,
  shapes,
  types,
};
const modules: Idl[] = [
  ...loadProgram(join(fixtures, "everything.thrift")).modules,
  ...loadProgram(join(fixtures, "extended.thrift")).modules,
  ...loadProgram(join(fixtures, "includes", "app.thrift"), { includeDirs: [join(fixtures, "includes", "lib")] })
    .modules,
].filter((idl, i, all) => all.findIndex((other) => other.module === idl.module) === i);

/** Writes `value` with both codecs, expects the same bytes; then reads them with the run-time codec and writes that back with the generated one. */
function agree(
  generatedCodec: StructCodec<unknown>,
  dynamicCodec: StructCodec<unknown>,
  value: unknown,
  protocol: (typeof protocols)[number],
): void {
  const bytes = encode(generatedCodec, value, protocol);
  expect(encode(dynamicCodec, value, protocol).equals(bytes)).toBe(true);
  const read = decode(dynamicCodec, bytes, protocol);
  expect(encode(generatedCodec, read, protocol).equals(bytes)).toBe(true);
  expect(encode(dynamicCodec, read, protocol).equals(bytes)).toBe(true);
}

/** A module's exports, and those of the modules it imports as `ns.Name`: the arbitraries build exceptions of included files with their classes. */
function exportsSeenFrom(idl: Idl): Record<string, unknown> {
  const seen: Record<string, unknown> = { ...generated[idl.module] };
  for (const { alias, idl: imported } of idl.imports) {
    for (const [name, value] of Object.entries(generated[imported.module]!))
      seen[`${alias.replace("$", "")}.${name}`] = value;
  }
  return seen;
}

const structCases = modules.flatMap((idl) =>
  idl.definitions
    .filter((d) => d.kind === "struct" || d.kind === "union" || d.kind === "exception")
    .map((d) => [idl.module, d.name, idl] as const),
);
const methodCases = modules.flatMap((idl) =>
  idl.definitions.flatMap((d) =>
    d.kind === "service" ? d.methods.map((m) => [idl.module, `${d.name}.${m.name}`, idl, d, m] as const) : [],
  ),
);
const codecsOf = new Map(modules.map((idl) => [idl.module, new DynamicCodecs(idl)]));

describe.each(protocols)("over %s", (protocol) => {
  // Maps keyed by structs or containers cannot be JSON: left out there.
  const options = { json: protocol === "json" };

  it.each(structCases)(
    "When a %s.%s is written Then the bytes are the generated codec's, and read back the same",
    (module, name, idl) => {
      const code = exportsSeenFrom(idl);
      const generatedCodec = code[`${name}Codec`] as StructCodec<unknown>;
      const dynamicCodec = codecsOf.get(module)!.struct(bindingName(name));
      fc.assert(
        fc.property(structOf(idl, code, name, options), (value) =>
          agree(generatedCodec, dynamicCodec, value, protocol),
        ),
      );
    },
  );

  it.each(methodCases)(
    "When %s.%s's arguments and results are written Then the bytes are the generated codecs'",
    (module, _name, idl, service, method) => {
      const code = exportsSeenFrom(idl);
      const generatedMethod = (code[service.name] as ServiceDefinition).methods[method.name]!;
      const dynamicMethod = dynamicService(idl, service.name, codecsOf.get(module)).definition.methods[method.name]!;
      // As a client sends them: a defaulted or optional argument may be left out.
      const params = argFields(method);
      const success = method.returns === undefined ? [] : [{ name: "success", type: method.returns }];
      const outcomes = [
        fc.constant({}),
        ...[...success, ...method.throws].map((field) =>
          fc.record({ [field.name]: valueOfType(idl, code, field.type, options) }),
        ),
      ];
      fc.assert(
        fc.property(recordOf(idl, code, params, options), fc.oneof(...outcomes), (args, result) => {
          agree(
            generatedMethod.args as StructCodec<unknown>,
            dynamicMethod.args as StructCodec<unknown>,
            args,
            protocol,
          );
          agree(
            generatedMethod.result as StructCodec<unknown>,
            dynamicMethod.result as StructCodec<unknown>,
            result,
            protocol,
          );
        }),
      );
    },
  );
});

it("When a service extends another Then its run-time definition has the generated one's methods, in order, with their policies", () => {
  const idl = modules.find((m) => m.module === "app")!;
  const generated: Record<string, ServiceDefinition> = { Shop: app.Shop, Remover: app.Remover, Store: app.Store };
  for (const [name, expected] of Object.entries(generated)) {
    const dynamic = dynamicService(idl, name).definition;
    const shape = (definition: ServiceDefinition) =>
      Object.values(definition.methods).map(({ name: method, oneway, argNames, returnsValue, exceptions, policy }) => ({
        method,
        oneway,
        argNames,
        returnsValue,
        // A generated class is declared as `arguments$` where the IDL says `arguments`.
        exceptions: exceptions.map(({ id, name: field, type }) => ({ id, field, type: type.name.replace("$", "") })),
        policy,
      }));
    expect([dynamic.name, shape(dynamic)]).toEqual([expected.name, shape(expected)]);
  }
});

describe.each(protocols)("over %s, fields with defaults left unset", (protocol) => {
  // The arbitraries always set a field with a default (read back, an unset one is its
  // default): these are written as their defaults ("req-out"), optional ones not at all.
  it.each([
    ["everything", "Defaults", {}],
    ["everything", "Aliases", {}],
    ["everything", "Strict", { level: 1, names: [] }],
    ["extended", "Holder", {}],
    ["extended", "Traced", { id: "00112233-4455-6677-8899-aabbccddeeff" }],
    ["app", "Order", { id: 1n }],
    ["app", "Uses", {}],
  ])("When a %s.%s is written Then the bytes are the generated codec's", (module, name, value) => {
    const generatedCodec = generated[module]![`${name}Codec`] as StructCodec<unknown>;
    const dynamicCodec = codecsOf.get(module)!.struct(name);
    const bytes = encode(generatedCodec, value, protocol);
    expect(encode(dynamicCodec, value, protocol).equals(bytes)).toBe(true);
    // Read back, optional fields get their defaults too: both codecs give the same value.
    expect(decode(dynamicCodec, bytes, protocol)).toEqual(decode(generatedCodec, bytes, protocol));
  });

  it("When Kitchen.shapes is called without its defaulted limit Then its arguments are written as the generated client writes them", () => {
    const generatedArgs = everything.Kitchen.methods["shapes"]!.args;
    const dynamicArgs = dynamicService(modules.find((m) => m.module === "everything")!, "Kitchen").definition.methods[
      "shapes"
    ]!.args;
    agree(generatedArgs as StructCodec<unknown>, dynamicArgs as StructCodec<unknown>, { ids: [1n] }, protocol);
  });
});
