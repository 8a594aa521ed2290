// @starter/shared/core: Thrift over HTTP without a framework. A service answers requests
// (method, path, headers, body in; status, headers, body and a call report out), for an
// adapter to move between it and an HTTP server (koa/ is one); messages encode and decode
// in the three protocols, for tools and tests. Loads no HTTP client or server framework.
export {
  createThriftService,
  type OnewayErrorReporter,
  type ThriftService,
  type ThriftServiceOptions,
} from "./service";
export type {
  OnewayConsumer,
  OnewayStore,
  StoredCallRunner,
  StoredOnewayCall,
} from "./durable-oneway";
export { ServiceUnavailable, unavailableRetryAfterSeconds } from "./unavailable";
export { createMultiplexedService, multiplexSeparator, type MultiplexedServiceOptions } from "./multiplexed";
export type {
  BodyProblem,
  CallOutcome,
  CallReport,
  ThriftHttpRequest,
  ThriftHttpRequestHead,
  ThriftHttpResponse,
} from "./http";
export {
  declaredException,
  decodeCall,
  decodeReply,
  encodeApplicationException,
  encodeCall,
  encodeReply,
  type DecodedCall,
  type HandlerResult,
  type ReplyOutcome,
} from "./message";
export { decodeGetQuery, encodeGetPath, type GetQuery } from "./get";
export { contentTypes, type ProtocolName } from "./protocols";
export { headerFrameContentType, readHeaderFrame, writeHeaderFrame } from "./header-frame";
export {
  acceptedRequestEncodings,
  contentCodingOf,
  contentCodings,
  zstdWindowLogMax,
  type ContentCoding,
} from "./content-coding";
export { createReader } from "./reader";
export { createWriter, type ProtocolWriter } from "./writer";
export { MemoryTransport } from "./transport";
export { defaultDecodeLimits, defaultMaxBodyBytes, defaultMaxBodyBytesInFlight, type DecodeLimits } from "./limits";
export { defaultMaxTimeoutMs, timeoutHeader } from "./deadline";
export { errorCodes, isErrorCode, statusOf, type ErrorCode } from "./error-codes";
export { CredentialsError, parseCredentials } from "./credentials";
export { isMountPath } from "./mount-path";
export { isRequestId, requestIdOf } from "./request-id";
export * from "./definition";
