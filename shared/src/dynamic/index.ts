// Thrift without generated code: codecs, service definitions and a JSON mapping of
// values, all driven by the IDL model the generator resolves (codegen/resolve). What
// `thrift-http call` and the gateway's playground are built on.
export { DynamicCodecs, type StructSpec } from "./codec";
export { dynamicService, type DynamicService } from "./definition";
export type { ExceptionClass } from "./exception-class";
export { applicationExceptionJson, exceptionJson } from "./exception-json";
export { JsonValueError } from "./json-path";
export { argumentsFromJson, fromJson } from "./json-read";
export { jsonText, toJson, toJsonText, type JsonNode, type JsonTextOptions } from "./json-write";
export { idlName, servicesOf, structuralText, typeText } from "./model";
