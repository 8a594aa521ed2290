// A `ServiceDefinition` built from the resolved IDL model at run time: the same value
// `thrift-http-gen` emits for a service, with run-time codecs, so the project's client
// (deadlines, retries per policy, GET for `no_side_effects`, TLS, HTTP/2, typed errors)
// and server core work for any IDL without generated code.
import { argFields, resultFields } from "../codegen/method-structs";
import type { Idl, MethodModel as ModelMethod, ServiceModel as ModelService } from "../codegen/model";
import type { MethodDefinition, ServiceDefinition } from "../core/definition";
import { DynamicCodecs } from "./codec";
import { bareName, idlName, servicesOf } from "./model";

/** A service's definition for the runtime, and its methods as the model has them. */
export interface DynamicService {
  /** Its IDL name as the file given names it: `DataService`, `base.BaseService`. */
  readonly name: string;
  /** The service it extends, named so; undefined if none. */
  readonly extends: string | undefined;
  readonly definition: ServiceDefinition;
  /**
   * Every method the service serves, those it inherits (`extends`) first, as the
   * generated definition orders them, with the service that declares each.
   */
  readonly methods: ReadonlyMap<string, { readonly model: ModelMethod; readonly declaredBy: string }>;
  readonly codecs: DynamicCodecs;
}

/**
 * The service `name` (its IDL name, `DataService`, or `base.BaseService` for one of an
 * included file) of `idl`; throws a `TypeError` naming the services there are if it
 * has none of that name.
 */
export function dynamicService(idl: Idl, name: string, codecs: DynamicCodecs = new DynamicCodecs(idl)): DynamicService {
  const services = servicesOf(idl);
  const service = services.get(name);
  if (service === undefined) {
    const known = [...services.keys()];
    throw new TypeError(
      known.length === 0
        ? `${idl.file} has no service`
        : `${idl.file} has no service ${name}: it has ${known.join(", ")}`,
    );
  }
  const methods = new Map<string, { model: ModelMethod; declaredBy: string }>();
  for (const ancestor of lineage(idl, service)) {
    for (const method of ancestor.methods)
      methods.set(method.name, { model: method, declaredBy: idlName(ancestor.name) });
  }
  const definitions: Record<string, MethodDefinition> = {};
  for (const { model, declaredBy } of methods.values()) {
    definitions[model.name] = methodDefinition(codecs, bareName(declaredBy), model);
  }
  const parent = service.parent === undefined ? undefined : idlName(service.parent.name);
  return { name, extends: parent, definition: { name: bareName(service.name), methods: definitions }, methods, codecs };
}

/** The service and its ancestors, the farthest first, each as `idl` names its types. */
function lineage(idl: Idl, service: ModelService): ModelService[] {
  const chain: ModelService[] = [];
  for (let current: ModelService | undefined = service; current !== undefined; ) {
    chain.unshift(current);
    const parent = current.parent;
    if (parent === undefined) break;
    const seen = idl.byName.get(parent.name);
    current = seen?.kind === "service" ? seen : undefined;
    if (current === undefined) throw new Error(`${idl.file}: ${idlName(parent.name)} is not a service`);
  }
  return chain;
}

function methodDefinition(codecs: DynamicCodecs, service: string, method: ModelMethod): MethodDefinition {
  const struct = (suffix: string) => `${service}_${method.name}_${suffix}`;
  return {
    name: method.name,
    oneway: method.oneway,
    argNames: method.params.map((param) => param.name),
    args: codecs.fields({ name: struct("args"), kind: "struct", fields: argFields(method) }),
    result: codecs.fields({ name: struct("result"), kind: "struct", fields: resultFields(method) }),
    returnsValue: method.returns !== undefined,
    exceptions: method.throws.map((field) => {
      if (field.type.kind !== "struct")
        throw new Error(`${method.name} throws ${field.name}, which is not an exception`);
      return { id: field.id, name: field.name, type: codecs.exceptionClass(field.type.name) };
    }),
    policy: method.policy,
  };
}
