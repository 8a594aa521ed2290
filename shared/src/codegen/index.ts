// thrift-http-gen as a library: the CLI is a thin layer over `generate`.
export { runCli, type CliOutput } from "./run-cli";
export { IdlError } from "./errors";
export { defaultRuntime, generate, loadIdl, type GenerateOptions } from "./generate";
export { parsePolicy, PolicyError } from "./policy";
