// @starter/shared/client: the typed client and what a caller needs beside it (the
// definitions generated code hands it, its errors and the servers' error codes, the
// credential lists' format). Loads undici and thrift, no server framework: a program that
// only calls services stays small (tested: public-surface.test.ts).
export { closeClient, createClient, createMethodCaller, type MethodCaller, type ThriftClient } from "./create-client";
export {
  AbortError,
  ApplicationError,
  ClientError,
  HttpStatusError,
  ProtocolError,
  TimeoutError,
  TransportError,
  type ClientErrorCode,
} from "./errors";
export type { ClientAuth, ClientOptions, RetryBudgetOptions, RetryOptions } from "./options";
export { defaultMaxGetUrlBytes, defaultTimeoutMs } from "./resolved-options";
export { errorCodes, isErrorCode, type ErrorCode } from "../core/error-codes";
export { CredentialsError, parseCredentials } from "../core/credentials";
export type { DecodeLimits } from "../core/limits";
export type { ProtocolName } from "../core/protocols";
export { contentCodings, type ContentCoding } from "../core/content-coding";
export type {
  CallContext,
  CallOptions,
  CallResponse,
  ExceptionDefinition,
  MethodDefinition,
  MethodPolicy,
  ServiceDefinition,
  StructCodec,
} from "../core/definition";
