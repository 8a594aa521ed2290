// The IDL file a command is given, loaded with the generator's own front end (parser
// and resolver), so the tools understand exactly the IDL thrift-http-gen does; and the
// service of it a command is about.
import { IdlError } from "../codegen/errors";
import type { Idl } from "../codegen/model";
import { loadProgram } from "../codegen/resolve/program";
import { DynamicCodecs } from "../dynamic/codec";
import { dynamicService, type DynamicService } from "../dynamic/definition";
import { idlName, servicesOf } from "../dynamic/model";
import { UsageError, type CliIo } from "./io";

/** The options that name the IDL and its service, as `parseArgs` takes them: the same in every command. */
export const idlOptions = {
  idl: { type: "string" },
  include: { type: "string", short: "I", multiple: true },
  service: { type: "string" },
} as const;

/** The IDL file `file` (and what it includes, found beside it or in `includeDirs`); prints the warnings. */
export function loadIdlFile(file: string, includeDirs: readonly string[], io: CliIo): Idl {
  try {
    const program = loadProgram(file, { includeDirs });
    for (const warning of program.warnings) io.err(`${warning}\n`);
    return program.modules.at(-1)!;
  } catch (error) {
    if (error instanceof IdlError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The service `name` of `idl`; when no name is given, the one service the file itself
 * declares. Its codecs are built (and the defaults they apply checked) here.
 */
export function chooseService(idl: Idl, name: string | undefined): DynamicService {
  const codecs = new DynamicCodecs(idl);
  try {
    if (name !== undefined) return dynamicService(idl, name, codecs);
    const own = idl.definitions
      .filter((definition) => definition.kind === "service")
      .map((service) => idlName(service.name));
    if (own.length === 1) return dynamicService(idl, own[0]!, codecs);
    const all = [...servicesOf(idl).keys()];
    if (all.length === 0) throw new UsageError(`${idl.file} has no service`);
    throw new UsageError(
      `${idl.file} ${own.length === 0 ? "declares no service itself" : "has several services"}: choose one of ${all.join(", ")} with --service`,
    );
  } catch (error) {
    if (error instanceof IdlError || error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
}
