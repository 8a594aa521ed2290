// One call from the page: the arguments' JSON checked against the IDL, the message
// encoded in TJSON (application/vnd.apache.thrift.json) by the project's own core, or in
// compact when TJSON cannot carry it (a map keyed by structs or containers), sent
// as the typed client sends it (a cacheable GET for `no_side_effects` methods while the
// URL fits, else POST), and the answer decoded into what the page shows. `fetch` is
// given, so the same code runs in the browser and in the unit tests.
import { defaultMaxGetUrlBytes, defaultTimeoutMs } from "../../shared/src/client/resolved-options";
import { presence } from "../../shared/src/codegen/method-structs";
import type { Field, MethodModel as ModelMethod } from "../../shared/src/codegen/model";
import type { MethodDefinition } from "../../shared/src/core/definition";
import { encodeGetPath } from "../../shared/src/core/get";
import { decodeReply, encodeCall } from "../../shared/src/core/message";
import { contentTypes, type ProtocolName } from "../../shared/src/core/protocols";
import type { DynamicService } from "../../shared/src/dynamic/definition";
import { applicationExceptionJson, exceptionJson } from "../../shared/src/dynamic/exception-json";
import { JsonValueError } from "../../shared/src/dynamic/json-path";
import { argumentsFromJson } from "../../shared/src/dynamic/json-read";
import { jsonString, jsonText, toJson, toJsonText } from "../../shared/src/dynamic/json-write";
import { typeText } from "../../shared/src/dynamic/model";

/**
 * TJSON, which the browser's network panel shows as text; compact for a call TJSON cannot
 * carry: a map keyed by structs or containers, as JSON keys are strings.
 */
const protocols: readonly ProtocolName[] = ["json", "compact"];

/** The longest GET path sent: the typed client's default `maxGetUrlBytes`; past it, POST. */
export const maxGetPathBytes = defaultMaxGetUrlBytes;

/** How long the page waits for an answer when the method declares no `timeout_ms`: the client's default. */
export { defaultTimeoutMs };

/** A method of a service, as the page calls it. */
export interface CallTarget {
  /** The service's mount path on this origin: `/data`. */
  readonly path: string;
  readonly service: DynamicService;
  readonly method: string;
}

/** What the page shows of a call. */
export type CallOutcome =
  /** The arguments were refused before anything was sent. */
  | { readonly kind: "invalid"; readonly message: string }
  /** No HTTP answer: a network failure, or no answer by the deadline. */
  | { readonly kind: "transport"; readonly request: SentRequest; readonly elapsedMs: number; readonly message: string }
  | Answered;

/** An HTTP answer, and what it said. */
export interface Answered {
  /** `result`: the method returned (`text` is its value, `null` for void and oneway); `exception`: a declared one or a TApplicationException; `http`: a status other than 2xx; `protocol`: a 2xx body that is not the reply. */
  readonly kind: "result" | "exception" | "http" | "protocol";
  readonly request: SentRequest;
  readonly status: number;
  /** `X-Served-By`, `X-Cache-Status`, `X-Request-ID`, as answered (absent ones left out). */
  readonly headers: Readonly<Record<string, string>>;
  readonly elapsedMs: number;
  /** JSON text, indented: the value, `{"exception": NAME, "fields": {...}}`, the error body, or a message. */
  readonly text: string;
}

export interface SentRequest {
  readonly method: "GET" | "POST";
  readonly url: string;
  readonly requestId: string;
}

/** The headers the page shows, as HTTP names them. */
export const shownHeaders = ["X-Served-By", "X-Cache-Status", "X-Request-ID"] as const;

/** Sends one call of `target` with the arguments `argsText` (JSON) and reports how it ended. Never rejects. */
export async function sendCall(
  fetcher: typeof fetch,
  target: CallTarget,
  argsText: string,
  now: () => number = () => performance.now(),
): Promise<CallOutcome> {
  const entry = target.service.methods.get(target.method);
  const method = target.service.definition.methods[target.method];
  if (entry === undefined || method === undefined)
    return { kind: "invalid", message: `${target.service.name} has no method ${target.method}` };
  let args: unknown[];
  try {
    args = callArguments(target, entry.model, argsText);
  } catch (error) {
    return { kind: "invalid", message: (error as Error).message };
  }
  let prepared;
  try {
    prepared = prepare(target.path, method, args);
  } catch (error) {
    return { kind: "invalid", message: `Cannot encode the arguments: ${(error as Error).message}` };
  }
  const requestId = crypto.randomUUID();
  const request: SentRequest = { method: prepared.method, url: prepared.url, requestId };
  const timeoutMs = method.policy.timeoutMs ?? defaultTimeoutMs;
  const contentType = contentTypes[prepared.protocol];
  const headers: Record<string, string> = {
    accept: contentType,
    "x-request-id": requestId,
    "thrift-timeout-ms": String(timeoutMs),
  };
  if (prepared.body !== undefined) headers["content-type"] = contentType;
  const started = now();
  let response: Response;
  let body: Uint8Array;
  try {
    response = await fetcher(prepared.url, {
      method: prepared.method,
      headers,
      ...(prepared.body === undefined ? {} : { body: prepared.body }),
      // Same origin: the browser sends the credentials it was given at the prompt.
      credentials: "same-origin",
      // The gateway's cache is what the page shows (X-Cache-Status), not the browser's.
      cache: "no-store",
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    const message =
      (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    return { kind: "transport", request, elapsedMs: now() - started, message };
  }
  const elapsedMs = now() - started;
  const shown: Record<string, string> = {};
  for (const name of shownHeaders) {
    const value = response.headers.get(name);
    if (value !== null) shown[name] = value;
  }
  const answer = { request, status: response.status, headers: shown, elapsedMs };
  if (response.status < 200 || response.status > 299)
    return { ...answer, kind: "http", text: errorBody(response, body) };
  if (method.oneway) return { ...answer, kind: "result", text: "null" };
  return { ...answer, ...reply(target, entry.model, method, body, prepared.protocol) };
}

function callArguments(target: CallTarget, model: ModelMethod, argsText: string): unknown[] {
  let json: unknown;
  try {
    json = JSON.parse(argsText);
  } catch (error) {
    throw new Error(`The arguments are not JSON: ${(error as Error).message}`);
  }
  try {
    const where = `${target.service.definition.name}.${model.name}`;
    return argumentsFromJson(
      target.service.codecs,
      where,
      model.params,
      (param) => presence(param) === "required",
      json,
    );
  } catch (error) {
    if (error instanceof JsonValueError) throw new Error(`Arguments: ${error.message}`);
    throw error;
  }
}

interface Prepared {
  readonly method: "GET" | "POST";
  readonly url: string;
  readonly body?: Uint8Array<ArrayBuffer>;
  readonly protocol: ProtocolName;
}

/** The request in the first of `protocols` that can carry the arguments; the first one's failure if none can. */
function prepare(path: string, method: MethodDefinition, args: unknown[]): Prepared {
  let failure: unknown;
  for (const protocol of protocols) {
    try {
      return prepareIn(protocol, path, method, args);
    } catch (error) {
      failure ??= error;
    }
  }
  throw failure;
}

/** As the typed client's `prepare` (client/call.ts): GET while the URL fits, for methods without side effects. */
function prepareIn(protocol: ProtocolName, path: string, method: MethodDefinition, args: unknown[]): Prepared {
  if (method.policy.idempotency === "no_side_effects") {
    const url = encodeGetPath(path, method, args, protocol);
    if (url.length <= maxGetPathBytes) return { method: "GET", url, protocol };
  }
  return { method: "POST", url: path, body: new Uint8Array(encodeCall(method, args, 0, protocol)), protocol };
}

function reply(
  target: CallTarget,
  model: ModelMethod,
  method: MethodDefinition,
  body: Uint8Array,
  protocol: ProtocolName,
): { kind: Answered["kind"]; text: string } {
  const { codecs } = target.service;
  let outcome;
  try {
    outcome = decodeReply(method, Buffer.from(body.buffer, body.byteOffset, body.byteLength), protocol, undefined, 0);
  } catch (error) {
    return { kind: "protocol", text: jsonString(`Not the reply to ${method.name}: ${(error as Error).message}`) };
  }
  switch (outcome.kind) {
    case "success":
      return {
        kind: "result",
        text: model.returns === undefined ? "null" : toJsonText(codecs, model.returns, outcome.value, { indent: 2 }),
      };
    case "declared": {
      const field = declaredField(model, method, outcome.error);
      return {
        kind: "exception",
        text: jsonText(exceptionJson(typeText(field.type), toJson(codecs, field.type, outcome.error)), { indent: 2 }),
      };
    }
    case "application":
      return {
        kind: "exception",
        text: jsonText(applicationExceptionJson(outcome.type, outcome.message), { indent: 2 }),
      };
  }
}

function declaredField(model: ModelMethod, method: MethodDefinition, error: Error): Field {
  const declared = method.exceptions.find((exception) => error instanceof exception.type)!;
  return model.throws.find((thrown) => thrown.name === declared.name)!;
}

/** An error answer's body: JSON indented, anything else by its size and type. */
function errorBody(response: Response, body: Uint8Array): string {
  const type = response.headers.get("content-type") ?? "no content type";
  if (type.includes("json") && body.length > 0) {
    try {
      return JSON.stringify(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body)), null, 2);
    } catch {
      // Not JSON after all: described below.
    }
  }
  return jsonString(`(${body.length} bytes of ${type})`);
}
