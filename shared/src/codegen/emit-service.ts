// A service: the handler and client interfaces, a codec pair per method, and the
// `ServiceDefinition` the runtime is driven by.
import type { CodeWriter } from "./code-writer";
import { emitCodec } from "./emit-codec";
import type { Imports } from "./imports";
import { argFields, presence, resultFields } from "./method-structs";
import type { Field, Idl, MethodModel, ServiceModel } from "./model";
import { bindingName, inheritedFromObject, parameterNames } from "./names";
import { member, tsType } from "./ts-type";

export function emitService(w: CodeWriter, idl: Idl, imports: Imports, service: ServiceModel): void {
  const { methods, parent } = service;
  // Declared under its binding name (names.ts); the wire and messages use its IDL name.
  const name = bindingName(service.name);
  const promise = imports.global("Promise");
  // An extending service: its interfaces extend the parent's, its definition holds the
  // parent's methods too (policies included), so one processor and client serve both.
  const extend = (suffix: string) => (parent === undefined ? "" : ` extends ${parent.name}${suffix}`);

  w.doc([`Implemented by a server of ${service.name}; each method also receives the call's context.`]);
  w.block(`${imports.exported(`${name}Handler`, "type")}interface ${name}Handler${extend("Handler")} {`, () => {
    for (const method of methods) {
      w.doc(method.doc);
      const names = parameterNames(method.params.map((param) => param.name));
      const params = method.params.map((param, i) => `${names[i]}: ${handlerParamType(param, imports)}`);
      const last = `ctx: ${imports.type("CallContext")}`;
      w.params(method.name, [...params, last], `: ${promise}<${returnType(method, imports)}>;`);
    }
  });
  w.line();
  w.doc([`Calls ${service.name}; each method also takes options for that call.`]);
  w.block(`${imports.exported(`${name}Client`, "type")}interface ${name}Client${extend("Client")} {`, () => {
    for (const method of methods) {
      w.doc(method.doc);
      const params = clientParams(method, imports);
      const last = `options?: ${imports.type("CallOptions")}`;
      w.params(method.name, [...params, last], `: ${promise}<${returnType(method, imports)}>;`);
    }
  });

  for (const method of methods) {
    for (const [suffix, fields] of [
      ["args", argFields(method)],
      ["result", resultFields(method)],
    ] as const) {
      const struct = `${service.name}_${method.name}_${suffix}`;
      emitMethodStruct(w, idl, imports, { type: `${name}_${method.name}_${suffix}`, struct }, fields);
    }
  }

  w.line();
  w.doc(service.doc);
  const definition = imports.type("ServiceDefinition");
  const declaration = `${imports.exported(name, "value")}const ${name}: ${definition}<${name}Handler, ${name}Client> = {`;
  w.block(
    declaration,
    () => {
      w.line(`name: "${service.name}",`);
      w.block(
        "methods: {",
        () => {
          if (parent !== undefined) w.line(`...${parent.name}.methods,`);
          for (const method of methods) emitMethod(w, imports, name, method);
        },
        "},",
      );
    },
    "};",
  );
}

function emitMethod(w: CodeWriter, imports: Imports, service: string, method: MethodModel): void {
  const prefix = `${service}_${method.name}`;
  const { policy } = method;
  // A method named like a member of every object (`toString`) finds no contextual type
  // in the methods record (TypeScript offers Object's member instead): it is given one.
  const end = inheritedFromObject(method.name) ? `} satisfies ${imports.type("MethodDefinition")},` : "},";
  w.block(
    `${method.name}: {`,
    () => {
      w.line(`name: "${method.name}",`);
      w.line(`oneway: ${method.oneway},`);
      w.line(`argNames: [${method.params.map((param) => `"${param.name}"`).join(", ")}],`);
      w.line(`args: ${prefix}_args,`);
      w.line(`result: ${prefix}_result,`);
      w.line(`returnsValue: ${method.returns !== undefined},`);
      const exceptions = method.throws.map(
        (field) => `{ id: ${field.id}, name: "${field.name}", type: ${tsType(field.type, imports)} }`,
      );
      w.array("exceptions: ", exceptions, ",");
      w.object(
        "policy: ",
        [
          `idempotency: "${policy.idempotency}"`,
          `cacheMaxAge: ${policy.cacheMaxAge}`,
          `cacheShared: ${policy.cacheShared}`,
          `timeoutMs: ${policy.timeoutMs ?? "undefined"}`,
          // Only where declared: definitions of methods without it stay as they were.
          ...(policy.durable ? ["durable: true"] : []),
        ],
        ",",
        ",",
      );
    },
    end,
  );
}

// The args and result structs are plain type aliases, not interfaces: only those
// are assignable to the `Record<string, unknown>` the runtime handles them as.
// `type` is the alias and codec declared, `struct` the struct's name in messages.
function emitMethodStruct(
  w: CodeWriter,
  idl: Idl,
  imports: Imports,
  names: { readonly type: string; readonly struct: string },
  fields: readonly Field[],
): void {
  const { type, struct } = names;
  w.line();
  if (fields.length === 0) w.line(`type ${type} = ${imports.global("Record")}<string, never>;`);
  else
    w.object(
      `type ${type} = `,
      fields.map((field) => member(field, imports)),
      ";",
      ";",
    );
  w.line();
  emitCodec(w, idl, imports, { name: type, exported: false, type, structName: struct, kind: "struct", fields });
}

function handlerParamType(param: Field, imports: Imports): string {
  const type = tsType(param.type, imports);
  return presence(param) === "optional" ? `${type} | undefined` : type;
}

/**
 * Arguments a caller may leave out are optional, when only such arguments follow.
 * A parameter named like a reserved word (or `ctx`, `options`) gets a `_` appended.
 */
function clientParams(method: MethodModel, imports: Imports): string[] {
  const firstOmittable = method.params.findLastIndex((param) => presence(param) === "required") + 1;
  const names = parameterNames(method.params.map((param) => param.name));
  return method.params.map((param, i) => {
    const type = tsType(param.type, imports);
    if (presence(param) === "required") return `${names[i]}: ${type}`;
    return i >= firstOmittable ? `${names[i]}?: ${type}` : `${names[i]}: ${type} | undefined`;
  });
}

function returnType(method: MethodModel, imports: Imports): string {
  return method.returns === undefined ? "void" : tsType(method.returns, imports);
}
