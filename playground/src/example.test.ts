// The argument editor's examples (example.ts) and the model embedded in the page
// (model.ts), over every IDL the project has: each service's and the codegen fixtures'
// (every Thrift type, recursion, unions, includes, `extends`). Every example is accepted
// by the JSON mapping and encodes, and the model read back from its JSON text encodes it
// to the same bytes as the model the generator resolved.
import { join } from "node:path";
import { presence } from "../../shared/src/codegen/method-structs";
import type { Idl } from "../../shared/src/codegen/model";
import { loadProgram } from "../../shared/src/codegen/resolve/program";
import { encodeCall } from "../../shared/src/core/message";
import { DynamicCodecs } from "../../shared/src/dynamic/codec";
import { dynamicService, type DynamicService } from "../../shared/src/dynamic/definition";
import { argumentsFromJson } from "../../shared/src/dynamic/json-read";
import { servicesOf } from "../../shared/src/dynamic/model";
import { resolveModel, serviceFolders } from "./build/resolve-model";
import { exampleArguments, type Json } from "./example";
import { idlFromJson, idlToJson } from "./model";

const root = join(__dirname, "../..");
const fixtures = join(root, "shared/src/codegen/fixtures");
const idlFiles = [
  ...serviceFolders(root).map((name) => join(root, "services", name, `${name}.thrift`)),
  join(fixtures, "everything.thrift"),
  join(fixtures, "extended.thrift"),
  join(fixtures, "includes/app.thrift"),
];

/** Every method of every service `idl` can name, with its example's arguments. */
function examples(idl: Idl) {
  const codecs = new DynamicCodecs(idl);
  return [...servicesOf(idl).keys()].flatMap((name) => {
    const service = dynamicService(idl, name, codecs);
    return [...service.methods.values()].map(({ model }) => ({
      service,
      model,
      json: exampleArguments(idl, codecs, model),
    }));
  });
}

function encoded(
  service: DynamicService,
  method: string,
  json: Record<string, Json>,
  protocol: "binary" | "compact",
): Buffer {
  const { model } = service.methods.get(method)!;
  const args = argumentsFromJson(service.codecs, method, model.params, (param) => presence(param) === "required", json);
  return encodeCall(service.definition.methods[method]!, args, 0, protocol);
}

describe.each(idlFiles.map((file) => [file.slice(root.length + 1), file]))(
  "The playground's model of %s",
  (_name, file) => {
    const idl = loadProgram(file, { includeDirs: [join(fixtures, "includes", "lib")] }).modules.at(-1)!;

    it("When each method's example is read Then the JSON mapping takes it, and it encodes in binary and compact", () => {
      const all = examples(idl);
      expect(all.length).toBeGreaterThan(0);
      for (const { service, model, json } of all) {
        for (const protocol of ["binary", "compact"] as const)
          expect(encoded(service, model.name, json, protocol).length).toBeGreaterThan(0);
      }
    });

    it("When the model goes through JSON text and back Then its examples and their bytes are the same in every protocol", () => {
      const revived = idlFromJson(JSON.parse(JSON.stringify(idlToJson(idl))));
      expect([...revived.byName.keys()]).toEqual([...idl.byName.keys()]);
      const before = examples(idl);
      const after = examples(revived);
      expect(after.map((each) => each.json)).toEqual(before.map((each) => each.json));
      for (const [i, { service, model, json }] of after.entries()) {
        for (const protocol of ["binary", "compact"] as const) {
          expect(encoded(service, model.name, json, protocol)).toEqual(
            encoded(before[i]!.service, model.name, json, protocol),
          );
        }
      }
    });
  },
);

describe("The page's services", () => {
  it("When the model is resolved Then it has one mount per service folder, at /<folder>, with the service its IDL declares", () => {
    const model = resolveModel(root);
    expect(serviceFolders(root)).toEqual(expect.arrayContaining(["data", "echo", "user"]));
    expect(model.mounts.map(({ name, path, services, idl }) => ({ name, path, services, file: idl.file }))).toEqual(
      serviceFolders(root).map((name) => ({
        name,
        path: `/${name}`,
        services: [expect.any(String)],
        file: `services/${name}/${name}.thrift`,
      })),
    );
  });

  it("When a recursive struct is in a method's arguments Then its example ends, and shows the required recursion to a bounded depth", () => {
    const source = `
      struct Tree { 1: list<Tree> children; 2: string label }
      struct Chain { 1: required Chain next }
      union Expr { 1: Expr negated; 2: i32 literal }
      service S { void grow(1: Tree tree, 2: Expr expr, 3: optional Chain chain) }`;
    const idl = loadProgram("s.thrift", {
      readFile: (path) => (path.endsWith("s.thrift") ? source : undefined),
    }).modules.at(-1)!;
    const codecs = new DynamicCodecs(idl);
    const json = exampleArguments(idl, codecs, dynamicService(idl, "S", codecs).methods.get("grow")!.model);
    expect(json).toEqual({
      tree: { label: "label" },
      expr: { literal: 0 },
      chain: { next: { next: { next: { next: {} } } } },
    });
  });
});
