// thrift-http list: the services of an IDL file as a caller needs them: each method's
// signature, in IDL syntax, with the policies it declares (idempotency, caching,
// timeout) and the methods it inherits, from the same resolved model `call` uses.
import { parseArgs } from "node:util";
import type { MethodPolicy } from "../core/definition";
import type { Field, MethodModel } from "../codegen/model";
import type { DynamicCodecs } from "../dynamic/codec";
import type { DynamicService } from "../dynamic/definition";
import { toJsonText } from "../dynamic/json-write";
import { idlName, servicesOf, typeText } from "../dynamic/model";
import { evaluate } from "../dynamic/values";
import { chooseService, idlOptions, loadIdlFile } from "./idl";
import { exitStatus, printable, UsageError, type Command } from "./io";

export const listUsage = `Usage: thrift-http list --idl FILE [-I DIR]... [--service NAME]

  Prints every service FILE declares (or the one named) with its methods, those it
  inherits included: each signature as the IDL writes it, with the policies it
  declares (idempotency, cache.max_age, cache.shared, timeout_ms). Defaults are
  shown in the JSON of thrift-http call (docs/tools.md).

  --idl FILE          the IDL file (required)
  -I, --include DIR   look for included files in DIR too, after the including file's (repeatable)
  --service NAME      only this service (base.Name for one of an included file)
`;

export const run: Command = async (args, io) => {
  try {
    const { values, positionals } = parse(args);
    if (values.help) {
      io.out(listUsage);
      return exitStatus.ok;
    }
    if (values.idl === undefined) throw new UsageError("--idl FILE is required");
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const idl = loadIdlFile(values.idl, values.include ?? [], io);
    const own = idl.definitions
      .filter((definition) => definition.kind === "service")
      .map((service) => idlName(service.name));
    const names = values.service !== undefined ? [values.service] : own.length > 0 ? own : [...servicesOf(idl).keys()];
    // A file of types only is valid: its includers use them.
    if (names.length === 0) io.out(`// ${printable(idl.file)} declares no service, nor includes one\n`);
    else io.out(names.map((name) => describeService(chooseService(idl, name))).join("\n"));
    return exitStatus.ok;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`thrift-http list: ${error.message}\n(thrift-http list --help shows the usage)\n`);
    return exitStatus.usage;
  }
};

function parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        ...idlOptions,
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function describeService(service: DynamicService): string {
  const { name, methods, codecs } = service;
  const lines = [`service ${name}${service.extends === undefined ? "" : ` extends ${service.extends}`} {`];
  let from: string | undefined;
  for (const { model, declaredBy } of methods.values()) {
    if (declaredBy !== from && declaredBy !== name) lines.push(`  // from ${declaredBy}`);
    from = declaredBy;
    // A doc comment is the IDL author's text: it must not drive the terminal.
    for (const doc of model.doc) lines.push(`  // ${printable(doc)}`);
    lines.push(`  ${signature(codecs, model)}`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** `Entry get(1: string key) throws (1: KeyNotFound notFound) (idempotency = "no_side_effects")`. */
function signature(codecs: DynamicCodecs, method: MethodModel): string {
  const returns = method.returns === undefined ? "void" : typeText(method.returns);
  const params = method.params.map((param) => field(codecs, param)).join(", ");
  const throws =
    method.throws.length === 0 ? "" : ` throws (${method.throws.map((thrown) => field(codecs, thrown)).join(", ")})`;
  const annotations = policyAnnotations(method.policy);
  return `${method.oneway ? "oneway " : ""}${returns} ${method.name}(${params})${throws}${annotations}`;
}

function field(codecs: DynamicCodecs, param: Field): string {
  const requiredness = param.requiredness === "default" ? "" : `${param.requiredness} `;
  const fallback =
    param.defaultValue === undefined
      ? ""
      : ` = ${toJsonText(codecs, param.type, evaluate(codecs.idl, param.defaultValue, param.type, param.name))}`;
  return `${param.id}: ${requiredness}${typeText(param.type)} ${param.name}${fallback}`;
}

/** The policy annotations the method declares, as the IDL writes them; none for the defaults. */
function policyAnnotations(policy: MethodPolicy): string {
  const annotations: string[] = [];
  if (policy.idempotency !== "none") annotations.push(`idempotency = "${policy.idempotency}"`);
  if (policy.cacheMaxAge > 0) annotations.push(`cache.max_age = "${policy.cacheMaxAge}"`);
  if (policy.cacheShared) annotations.push(`cache.shared = "true"`);
  if (policy.timeoutMs !== undefined) annotations.push(`timeout_ms = "${policy.timeoutMs}"`);
  if (policy.durable === true) annotations.push(`durable = "true"`);
  return annotations.length === 0 ? "" : ` (${annotations.join(", ")})`;
}
