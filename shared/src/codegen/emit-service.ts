// A service: the handler and client interfaces, a codec pair per method, and the
// `ServiceDefinition` the runtime is driven by.
import { emitCodec } from "./emit-codec";
import type { Imports } from "./imports";
import type { Field, Idl, MethodDefinition, ServiceDefinition } from "./model";
import { member, tsType } from "./ts-type";
import type { CodeWriter } from "./writer";

export function emitService(w: CodeWriter, idl: Idl, imports: Imports, service: ServiceDefinition): void {
  const { name, methods } = service;
  imports.useType("CallContext");
  imports.useType("CallOptions");
  imports.useType("ServiceDefinition");

  w.doc([`Implemented by a server of ${name}; each method also receives the call's context.`]);
  w.block(`export interface ${name}Handler {`, () => {
    for (const method of methods) {
      w.doc(method.doc);
      const params = method.params.map((param) => `${param.name}: ${handlerParamType(param)}`);
      w.params(method.name, [...params, "ctx: CallContext"], `: Promise<${returnType(method)}>;`);
    }
  });
  w.line();
  w.doc([`Calls ${name}; each method also takes options for that call.`]);
  w.block(`export interface ${name}Client {`, () => {
    for (const method of methods) {
      w.doc(method.doc);
      w.params(method.name, [...clientParams(method), "options?: CallOptions"], `: Promise<${returnType(method)}>;`);
    }
  });

  for (const method of methods) {
    emitMethodStruct(w, idl, imports, `${name}_${method.name}_args`, argFields(method));
    emitMethodStruct(w, idl, imports, `${name}_${method.name}_result`, resultFields(method));
  }

  w.line();
  w.doc(service.doc);
  w.block(`export const ${name}: ServiceDefinition<${name}Handler, ${name}Client> = {`, () => {
    w.line(`name: "${name}",`);
    w.block("methods: {", () => {
      for (const method of methods) emitMethod(w, name, method);
    }, "},");
  }, "};");
}

function emitMethod(w: CodeWriter, service: string, method: MethodDefinition): void {
  const prefix = `${service}_${method.name}`;
  const { policy } = method;
  w.block(`${method.name}: {`, () => {
    w.line(`name: "${method.name}",`);
    w.line(`oneway: ${method.oneway},`);
    w.line(`argNames: [${method.params.map((param) => `"${param.name}"`).join(", ")}],`);
    w.line(`args: ${prefix}_args,`);
    w.line(`result: ${prefix}_result,`);
    w.line(`returnsValue: ${method.returns !== undefined},`);
    const exceptions = method.throws.map(
      (field) => `{ id: ${field.id}, name: "${field.name}", type: ${tsType(field.type)} }`,
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
  }, "},");
}

// The args and result structs are plain type aliases, not interfaces: only those
// are assignable to the `Record<string, unknown>` the runtime handles them as.
function emitMethodStruct(w: CodeWriter, idl: Idl, imports: Imports, name: string, fields: readonly Field[]): void {
  w.line();
  if (fields.length === 0) w.line(`type ${name} = Record<string, never>;`);
  else w.object(`type ${name} = `, fields.map(member), ";", ";");
  w.line();
  emitCodec(w, idl, imports, { name, exported: false, type: name, structName: name, kind: "struct", fields });
}

/**
 * How an argument may be absent: `required` unless the IDL marks it `optional`
 * (absent stays undefined) or gives it a default (applied when absent). A handler
 * is typed to receive every other argument, so a request missing one fails to decode.
 */
function presence(param: Field): "required" | "optional" | "defaulted" {
  if (param.requiredness === "required") return "required";
  if (param.defaultValue !== undefined) return "defaulted";
  return param.requiredness === "optional" ? "optional" : "required";
}

/** The arguments as a struct. */
function argFields(method: MethodDefinition): Field[] {
  return method.params.map((param) => ({
    ...param,
    requiredness: presence(param) === "required" ? "required" : "optional",
  }));
}

/** `success` (field 0, unless void), then one field per declared exception. */
function resultFields(method: MethodDefinition): Field[] {
  const exceptions = method.throws.map((field): Field => ({ ...field, requiredness: "optional" }));
  if (method.returns === undefined) return exceptions;
  const success: Field = {
    doc: [],
    id: 0,
    name: "success",
    type: method.returns,
    requiredness: "optional",
    defaultValue: undefined,
    loc: method.loc,
  };
  return [success, ...exceptions];
}

function handlerParamType(param: Field): string {
  return presence(param) === "optional" ? `${tsType(param.type)} | undefined` : tsType(param.type);
}

/** Arguments a caller may leave out are optional, when only such arguments follow. */
function clientParams(method: MethodDefinition): string[] {
  const firstOmittable = method.params.findLastIndex((param) => presence(param) === "required") + 1;
  return method.params.map((param, i) => {
    const type = tsType(param.type);
    if (presence(param) === "required") return `${param.name}: ${type}`;
    return i >= firstOmittable ? `${param.name}?: ${type}` : `${param.name}: ${type} | undefined`;
  });
}

function returnType(method: MethodDefinition): string {
  return method.returns === undefined ? "void" : tsType(method.returns);
}
