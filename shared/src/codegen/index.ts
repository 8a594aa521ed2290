// thrift-http-gen as a library: the CLI is a thin layer over `generate`.
export { runCli, type CliOutput } from "./run-cli";
export { IdlError } from "./errors";
export {
  defaultRuntime,
  generate,
  generateFiles,
  generateModule,
  generateProgram,
  loadIdl,
  type EmitOptions,
  type GenerateOptions,
  type GeneratedModule,
} from "./generate";
export { loadProgram, moduleName, type ProgramOptions } from "./resolve/program";
export { parsePolicy, PolicyError } from "./policy";
export { generateSharedMethods, sharedMethodPaths, type MountedIdl } from "./shared-methods";
