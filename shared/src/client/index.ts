export { createClient, type ThriftClient } from "./create-client";
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
export { errorCodes, isErrorCode, type ErrorCode } from "../core/error-codes";
export { defaultMaxGetUrlBytes } from "./resolved-options";
