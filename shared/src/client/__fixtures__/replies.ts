// How the scripted servers read calls and write answers, with the core's own
// encoders, so the tests exercise the client against real Thrift bytes.
import type { Writable } from "node:stream";
import type { MethodDefinition, ServiceDefinition } from "../../core/definition";
import { decodeGetQuery } from "../../core/get";
import { decodeCall, encodeApplicationException, encodeReply, type HandlerResult } from "../../core/message";
import { contentTypes, protocolFromContentType, protocolOf, type ProtocolName } from "../../core/protocols";
import type { Exchange, Response } from "./servers";
import { Store } from "./store";

/** The call an exchange carries (POST body or GET query), decoded against `definition` (the Store's by default). */
export function callOf(
  exchange: Exchange,
  definition: ServiceDefinition = Store,
): { name: string; protocol: ProtocolName; args: unknown[] } {
  let protocol: ProtocolName;
  let bytes: Buffer;
  if (exchange.method === "GET") {
    const query = decodeGetQuery(exchange.path.slice(exchange.path.indexOf("?") + 1));
    if ("error" in query) throw new Error(query.error);
    ({ protocol, bytes } = query);
  } else {
    bytes = exchange.body;
    protocol = protocolOf(protocolFromContentType(exchange.headers["content-type"]) ?? "sniff", bytes);
  }
  const call = decodeCall(definition, bytes, protocol);
  if (call.kind !== "call") throw new Error(call.message);
  return { name: call.method.name, protocol, args: call.args };
}

/** Answers 200 with a Thrift reply to the exchange's call (of the Store's, by default). */
export function replyThrift(
  exchange: Exchange,
  response: Response,
  result: HandlerResult,
  definition: ServiceDefinition = Store,
): void {
  const { name, protocol } = callOf(exchange, definition);
  const method: MethodDefinition = definition.methods[name]!;
  sendBody(response, 200, contentTypes[protocol], encodeReply(method, 0, protocol, result));
}

/** Answers 200 with a `TApplicationException`. */
export function replyApplicationException(exchange: Exchange, response: Response, type: number, message: string): void {
  const { name, protocol } = callOf(exchange);
  sendBody(response, 200, contentTypes[protocol], encodeApplicationException(name, 0, type, message, protocol));
}

/** Answers `status` with a JSON body. */
export function replyJson(
  response: Response,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  sendBody(response, status, "application/json", Buffer.from(JSON.stringify(body)));
}

/** Answers `status` with `body` in one piece, with its length. */
export function sendBody(response: Response, status: number, contentType: string, body: Buffer): void {
  response.statusCode = status;
  response.setHeader("content-type", contentType);
  response.setHeader("content-length", body.length);
  response.end(body);
}

/** Answers `status` with an empty body. */
export function sendStatus(response: Response, status: number): void {
  response.statusCode = status;
  response.end();
}

/** Answers 200 with `chunks` written one by one, without a length (chunked on HTTP/1.1). */
export function sendChunks(response: Response, contentType: string, chunks: Buffer[]): void {
  response.setHeader("content-type", contentType);
  const stream: Writable = response;
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
}
