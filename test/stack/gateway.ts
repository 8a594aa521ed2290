// Raw HTTPS requests to the gateway, for what a typed client hides: statuses, headers
// (X-Served-By, X-Cache-Status, X-Request-ID, Cache-Control) and exact bytes; down to
// bytes on a TLS socket and single HTTP/2 streams, for requests no client would send.
// Thrift messages are encoded and decoded with the library's own codec.
import { request as httpsRequest } from "node:https";
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import { connect as http2Connect } from "node:http2";
import { connect as tlsConnect } from "node:tls";
import type { ClientAuth } from "@starter/shared/client";
import {
  contentTypes,
  decodeReply,
  encodeCall,
  encodeGetPath,
  type ProtocolName,
  type ReplyOutcome,
  type ServiceDefinition,
} from "@starter/shared/core";
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
  /** Another gateway than the stack's, signed by the same CA. */
  gatewayUrl?: string;
}

/** One HTTP/1.1 request on a connection of its own, answered in full. */
export function send({
  method,
  path,
  headers = {},
  body,
  timeoutMs = 10_000,
  gatewayUrl = stack.gatewayUrl,
}: RawRequest): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      new URL(path, gatewayUrl),
      { method, headers, ca: stack.ca, agent: false, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
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
  const headers: Record<string, string> =
    choice.auth === undefined ? {} : { authorization: authorization(choice.auth) };
  return { ...headers, ...choice.headers };
}

/**
 * A side-effect-free call as the typed client sends it: `GET /<service>/<method>?m=…`
 * (seqid 0, deterministic encoding, so identical calls have identical URLs).
 */
export function getCall(
  service: string,
  definition: ServiceDefinition,
  method: string,
  args: unknown[],
  choice: CallChoice,
): Promise<Reply> {
  const path = encodeGetPath(`/${service}`, definition.methods[method]!, args, choice.protocol);
  return send({
    method: "GET",
    path,
    headers: { accept: contentTypes[choice.protocol ?? "binary"], ...callHeaders(choice) },
  });
}

/** A call as a POST of the encoded message to `/<service>`. */
export function postCall(
  service: string,
  definition: ServiceDefinition,
  method: string,
  args: unknown[],
  choice: CallChoice,
): Promise<Reply> {
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
export function outcomeOf(
  definition: ServiceDefinition,
  method: string,
  reply: Reply,
  protocol: ProtocolName = "binary",
): ReplyOutcome {
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

/** What a raw connection got: the answer if one came, and whether the gateway closed it. */
export interface RawOutcome {
  /** The answer, parsed; undefined when not one byte came back. */
  readonly answer: Reply | undefined;
  /** Whether the gateway closed the connection (after its answer, or without one). */
  readonly closed: boolean;
}

/**
 * Bytes written as they are on a TLS connection of their own (HTTP/1.1 by ALPN), for
 * requests no HTTP client would send: malformed, oversized, stalled. Resolves once the
 * answer is complete (its Content-Length read) or the gateway closes, or after `waitMs`
 * with what came so far.
 */
export function sendRaw(bytes: string | Buffer, waitMs = 10_000): Promise<RawOutcome> {
  const { hostname, port } = new URL(stack.gatewayUrl);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ answer: parseAnswer(Buffer.concat(chunks)), closed });
    };
    const socket = tlsConnect(
      { host: hostname, port: Number(port), servername: "localhost", ca: stack.ca, ALPNProtocols: ["http/1.1"] },
      () => socket.write(bytes),
    );
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (isComplete(Buffer.concat(chunks))) finish(false);
    });
    socket.on("close", () => finish(true));
    socket.on("error", () => undefined);
  });
}

const headEnd = Buffer.from("\r\n\r\n");

function isComplete(received: Buffer): boolean {
  const answer = parseAnswer(received);
  const length = answer && Number(answer.headers["content-length"]);
  return answer !== undefined && length !== undefined && answer.body.length >= length;
}

function parseAnswer(received: Buffer): Reply | undefined {
  const end = received.indexOf(headEnd);
  if (end < 0) return undefined;
  const [statusLine, ...lines] = received.subarray(0, end).toString("latin1").split("\r\n");
  const headers: IncomingHttpHeaders = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine!)?.[1]),
    headers,
    body: received.subarray(end + headEnd.length),
  };
}

/** What an HTTP/2 request got: an answer, or the error code that ended its connection or stream. */
export type Http2Outcome = { answer: Reply } | { goaway: number } | { reset: number };

/** One request on an HTTP/2 connection of its own, headers and body as given. */
export function sendHttp2(headers: OutgoingHttpHeaders, body?: Buffer): Promise<Http2Outcome> {
  return new Promise((resolve, reject) => {
    const session = http2Connect(stack.gatewayUrl, { ca: stack.ca, servername: "localhost" });
    let goaway: number | undefined;
    session.on("goaway", (code) => (goaway = code));
    session.on("error", () => undefined);
    const stream = session.request(headers, { endStream: body === undefined });
    const chunks: Buffer[] = [];
    let answer: Omit<Reply, "body"> | undefined;
    stream.on("response", (responseHeaders) => {
      const { ":status": status, ...rest } = responseHeaders;
      answer = { status: Number(status), headers: rest as IncomingHttpHeaders };
    });
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", () => undefined);
    stream.on("close", () => {
      session.destroy();
      if (answer) resolve({ answer: { ...answer, body: Buffer.concat(chunks) } });
      else if (goaway !== undefined) resolve({ goaway });
      else if (stream.rstCode) resolve({ reset: stream.rstCode });
      else reject(new Error("HTTP/2 stream closed with neither an answer nor an error code"));
    });
    if (body !== undefined) stream.end(body);
  });
}
