// Raw HTTPS requests to the gateway, for what a typed client hides: statuses, headers
// (X-Served-By, X-Cache-Status, X-Request-ID, Cache-Control) and exact bytes. Thrift
// messages are encoded and decoded with the library's own codec.
import { request as httpsRequest } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import {
  contentTypes,
  decodeReply,
  encodeCall,
  encodeGetPath,
  type ClientAuth,
  type ProtocolName,
  type ReplyOutcome,
  type ServiceDefinition,
} from "@starter/shared";
import { authorization, stack } from "./stack";

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Gives up (rejects) after this long; default 10 s. */
  timeoutMs?: number;
}

/** One HTTP/1.1 request on a connection of its own, answered in full. */
export function send({ method, path, headers = {}, body, timeoutMs = 10_000 }: RawRequest): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      new URL(path, stack.gatewayUrl),
      { method, headers, ca: stack.ca, agent: false, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    request.on("error", reject);
    request.end(body);
  });
}

export interface CallChoice {
  protocol?: ProtocolName;
  /** The caller's credentials; none when undefined is given explicitly. */
  auth?: ClientAuth | undefined;
  headers?: Record<string, string>;
}

function callHeaders(choice: CallChoice): Record<string, string> {
  const headers: Record<string, string> = choice.auth === undefined ? {} : { authorization: authorization(choice.auth) };
  return { ...headers, ...choice.headers };
}

/**
 * A side-effect-free call as the typed client sends it: `GET /<service>/<method>?m=…`
 * (seqid 0, deterministic encoding, so identical calls have identical URLs).
 */
export function getCall(service: string, definition: ServiceDefinition, method: string, args: unknown[], choice: CallChoice): Promise<Reply> {
  const path = encodeGetPath(`/${service}`, definition.methods[method]!, args, choice.protocol);
  return send({ method: "GET", path, headers: { accept: contentTypes[choice.protocol ?? "binary"], ...callHeaders(choice) } });
}

/** A call as a POST of the encoded message to `/<service>`. */
export function postCall(service: string, definition: ServiceDefinition, method: string, args: unknown[], choice: CallChoice): Promise<Reply> {
  const protocol = choice.protocol ?? "binary";
  const body = encodeCall(definition.methods[method]!, args, 1, protocol);
  return send({
    method: "POST",
    path: `/${service}`,
    headers: { "content-type": contentTypes[protocol], accept: contentTypes[protocol], ...callHeaders(choice) },
    body,
  });
}

/** The Thrift reply in a 200 answer: success value, declared exception or application error. */
export function outcomeOf(definition: ServiceDefinition, method: string, reply: Reply, protocol: ProtocolName = "binary"): ReplyOutcome {
  return decodeReply(definition.methods[method]!, reply.body, protocol);
}

/** What the gateway's own JSON answers say, and a service's JSON errors. */
export function jsonOf(reply: Reply): unknown {
  return JSON.parse(reply.body.toString("utf8"));
}

/** The part of an answer the tests assert on whole; the rest (dates, ids) varies per call. */
export function summary(reply: Reply): {
  status: number;
  contentType: string | undefined;
  cacheControl: string | undefined;
  cacheStatus: string | undefined;
} {
  return {
    status: reply.status,
    contentType: reply.headers["content-type"],
    cacheControl: reply.headers["cache-control"],
    cacheStatus: header(reply, "x-cache-status"),
  };
}

export function header(reply: Reply, name: string): string | undefined {
  const value = reply.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
