// Services: methods, their parameters, exceptions and policies, and `extends`. An
// extending service serves its parent's methods as its own; the parent must be
// declared before it (here or in an included file), as Apache's compiler requires,
// and no method may be declared twice along the chain.
import { SyntaxType } from "../idl/ast";
import type * as ast from "../idl/ast";
import type { MethodModel, ServiceModel } from "../model";
import { bindingName, fieldNameProblem, memberNameProblem } from "../names";
import { PolicyError, parsePolicy } from "../policy";
import { resolveFields, type FieldContext } from "./fields";

export function resolveService(context: FieldContext, statement: ast.Service, name: string): ServiceModel {
  const { scope } = context;
  const parent = statement.extends === null ? undefined : resolveParent(context, statement.extends, name);
  const inherited = new Map<string, string>();
  for (let ancestor = parent?.service; ancestor !== undefined; ancestor = ancestor.parent?.service) {
    for (const method of ancestor.methods) {
      if (!inherited.has(method.name)) inherited.set(method.name, ancestor.name);
    }
  }
  const names = new Set<string>();
  const methods = statement.functions.map((fn) => {
    const method = fn.name.value;
    if (names.has(method)) scope.fail(fn.name.loc, `${name}.${method} is declared twice`);
    const from = inherited.get(method);
    if (from !== undefined)
      scope.fail(fn.name.loc, `${name}.${method} is already declared by ${from}, which ${name} extends`);
    names.add(method);
    return resolveMethod(context, name, fn);
  });
  return { kind: "service", doc: statement.doc, name, parent, methods, loc: statement.loc };
}

function resolveParent(context: FieldContext, node: ast.Identifier, child: string): ServiceModel["parent"] {
  const { scope } = context;
  const foreign = scope.foreign(node.value);
  if (foreign !== undefined) {
    const service = foreign.idl.definitions.find((d) => d.name === foreign.name);
    if (service?.kind !== "service") {
      return scope.fail(
        node.loc,
        `service ${child} extends ${node.value}, which is not a service of ${foreign.prefix}.thrift`,
      );
    }
    return { name: scope.rename(service.name, foreign.idl), service };
  }
  const service = scope.resolved.get(node.value);
  if (service?.kind === "service") return { name: bindingName(service.name), service };
  const later = scope.local.get(node.value)?.type === "Service";
  const unknown = scope.unknownPrefix(node.value);
  return scope.fail(
    node.loc,
    later
      ? `service ${child} extends ${node.value}, which must be declared before it`
      : `service ${child} extends ${node.value}, which is not a service${unknown === undefined ? "" : `: ${unknown}`}`,
  );
}

function resolveMethod(context: FieldContext, service: string, fn: ast.ServiceFunction): MethodModel {
  const { scope, types } = context;
  const name = fn.name.value;
  const where = `${service}.${name}`;
  const problem = memberNameProblem(name);
  if (problem !== undefined) scope.fail(fn.name.loc, `${where}: ${problem}`);
  // A client or handler with a `then` method is a thenable: `await` would call it. And
  // JSON.stringify, a logger's too, calls an object's `toJSON`: a call over the network.
  // (`toString` and `valueOf` are Object's own, and served only when a handler has them.)
  if (name === "then") {
    scope.fail(fn.name.loc, `${where}: a method named "then" would make every client a thenable, which await calls`);
  }
  if (name === "toJSON") {
    scope.fail(fn.name.loc, `${where}: a method named "toJSON" would be called by JSON.stringify on every client`);
  }
  const returns = fn.returnType.type === "VoidType" ? undefined : types.resolve(fn.returnType, where);
  if (fn.oneway && (returns !== undefined || fn.throws.length > 0)) {
    scope.fail(fn.loc, `${where}: a oneway method must return void and throw nothing: it has no reply`);
  }
  const params = resolveFields(context, fn.fields, service, where, fieldNameProblem);
  const throws = resolveFields(context, fn.throws, service, where, fieldNameProblem).map((field, i) => {
    const node = fn.throws[i]!.fieldType;
    if (!isException(context, node)) scope.fail(field.loc, `${where} throws ${field.name}, which is not an exception`);
    if (field.name === "success") scope.fail(field.loc, `${where}: "success" is the name of the return value`);
    // Thrown through a typedef: the definition names the exception's class, not the alias.
    return field.type.alias === undefined ? field : { ...field, type: { ...field.type, alias: undefined } };
  });
  try {
    const policy = parsePolicy(fn.annotations, fn.oneway);
    return { doc: fn.doc, name, oneway: fn.oneway, returns, params, throws, policy, loc: fn.loc };
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return scope.fail(error.annotation?.loc ?? fn.loc, `${where}: ${error.message}`);
  }
}

/**
 * Whether a thrown type is an exception declared before the service (the service's
 * definition refers to its class), here or in an included file, named or through
 * typedefs of this file (`typedef E TE`, which Apache's compiler takes too).
 */
function isException(context: FieldContext, node: ast.FieldType): boolean {
  if (node.type !== SyntaxType.Identifier) return false;
  const { scope } = context;
  const foreign = scope.foreign(node.value);
  if (foreign !== undefined) return foreign.idl.definitions.find((d) => d.name === foreign.name)?.kind === "exception";
  const local = scope.resolved.get(node.value);
  if (local?.kind === "exception") return true;
  const declared = scope.local.get(node.value);
  // A typedef that names itself was refused when the field's type was resolved.
  if (declared?.type === "Typedef") return isException(context, declared.definitionType);
  if (declared?.type === "Exception") {
    scope.fail(node.loc, `exception ${node.value} must be declared before the service that throws it`);
  }
  return false;
}
