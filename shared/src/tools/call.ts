// thrift-http call: one call of any method of any Thrift-over-HTTP service, with no
// generated code. The IDL is loaded with the generator's front end, a ServiceDefinition
// is built from it at run time (dynamic/), and the call goes through the project's own
// client: deadlines, retries per the method's policy, GET for no_side_effects, TLS,
// HTTP/2 and typed errors, as for a generated client.
import { createMethodCaller, type MethodCaller } from "../client/create-client";
import { presence } from "../codegen/method-structs";
import type { CallResponse, ServiceDefinition } from "../core/definition";
import type { DynamicService } from "../dynamic/definition";
import { JsonValueError } from "../dynamic/json-path";
import { argumentsFromJson } from "../dynamic/json-read";
import { toJsonText } from "../dynamic/json-write";
import { callUsage, parseCallCommand, type CallCommand } from "./call-options";
import { describeResponse, printFailure, type CallPrinter } from "./call-output";
import { chooseService, loadIdlFile } from "./idl";
import { exitStatus, UsageError, type CliIo, type Command } from "./io";

export const run: Command = async (args, io) => {
  try {
    const command = await parseCallCommand(args, io);
    if (command === "help") {
      io.out(callUsage);
      return exitStatus.ok;
    }
    return await call(command, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`thrift-http call: ${error.message}\n(thrift-http call --help shows the usage)\n`);
    return exitStatus.usage;
  }
};

async function call(command: CallCommand, io: CliIo): Promise<number> {
  const service = chooseService(loadIdlFile(command.idl, command.includeDirs, io), command.service);
  const entry = service.methods.get(command.method);
  const name = service.definition.name;
  if (entry === undefined) {
    const known = [...service.methods.keys()];
    throw new UsageError(
      `${name} has no method ${command.method}: ${known.length === 0 ? "it has none" : `its methods are ${known.join(", ")}`}`,
    );
  }
  const args = callArguments(service, command);
  const definition = command.post ? withoutGet(service.definition) : service.definition;
  const method = definition.methods[command.method]!;
  let caller: MethodCaller;
  try {
    caller = createMethodCaller(definition, {
      url: command.url,
      protocol: command.protocol,
      ca: command.ca,
      http2: command.http2,
      auth: command.auth,
      headers: command.headers,
    });
  } catch (error) {
    // A malformed URL, header or credential: the client names it.
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
  const printer: CallPrinter = {
    io,
    codecs: service.codecs,
    indent: command.pretty ? 2 : 0,
    method,
    throws: entry.model.throws,
  };
  const started = performance.now();
  let last: CallResponse | undefined;
  const onResponse = (response: CallResponse) => {
    last = response;
    if (command.verbose) io.err(describeResponse(response, command.url, method.name, performance.now() - started));
  };
  try {
    const value = await caller.call(method.name, args, { timeoutMs: command.timeoutMs, onResponse });
    const { returns } = entry.model;
    if (returns !== undefined) io.out(`${toJsonText(service.codecs, returns, value, { indent: printer.indent })}\n`);
    return exitStatus.ok;
  } catch (error) {
    // Arguments the IDL takes but the protocol cannot carry (TJSON: a map keyed by
    // structs or containers): the client refuses them before sending.
    if (error instanceof TypeError) throw new UsageError(error.message);
    return printFailure(printer, error, last);
  } finally {
    if (command.verbose) io.err(`* ${name}.${method.name}: ${(performance.now() - started).toFixed(1)} ms in all\n`);
    await caller.close();
  }
}

/** The arguments of the call, from their JSON, checked against the IDL. */
function callArguments(service: DynamicService, command: CallCommand): unknown[] {
  const { model } = service.methods.get(command.method)!;
  let json: unknown;
  try {
    json = JSON.parse(command.args);
  } catch (error) {
    throw new UsageError(`ARGS is not JSON: ${(error as Error).message}`);
  }
  try {
    const where = `${service.definition.name}.${model.name}`;
    return argumentsFromJson(service.codecs, where, model.params, (param) => presence(param) === "required", json);
  } catch (error) {
    if (error instanceof JsonValueError) throw new UsageError(`ARGS: ${error.message}`);
    throw error;
  }
}

/** The definition with its no_side_effects methods as idempotent ones: sent as POST, still retried. */
function withoutGet(definition: ServiceDefinition): ServiceDefinition {
  const methods = Object.fromEntries(
    Object.entries(definition.methods).map(([name, method]) => [
      name,
      method.policy.idempotency === "no_side_effects"
        ? { ...method, policy: { ...method.policy, idempotency: "idempotent" as const } }
        : method,
    ]),
  );
  return { ...definition, methods };
}
