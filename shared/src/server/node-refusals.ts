// What a service answers to the requests Node's HTTP server refuses on its own, or lets
// through when it should not, in the JSON shape of every other refusal instead of Node's:
// an HTTP/1.1 request without Host (Node: a bare 400), two Host, Authorization or
// Content-Type fields (Node: the first kept), a version other than 1.x or a Transfer-Encoding other than
// chunked (Node: taken), an `Expect` other than 100-continue (a bare 417), and CONNECT
// (Node drops the connection without a word). Each answer closes the connection. And the
// `100 Continue` Node sends before anything is checked, which waits for the body reader.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { ErrorCode } from "../core/error-codes";
import { closingErrorReply, rawErrorReply } from "./client-error";

function answer(response: ServerResponse, code: ErrorCode, message: string): void {
  const { status, headers, body } = closingErrorReply(code, message);
  response.writeHead(status, headers).end(body);
}

/**
 * Answers a request whose head is not one HTTP/1.x reads one way, and says whether it did:
 * 1. A version other than 1.x in the request line (`HTTP/2.0`, `HTTP/0.9`): 505, as nginx.
 *    HTTP/2 comes by ALPN or not at all. Then the framings of `refusedTransferCoding`.
 * 2. An HTTP/1.1 request without the Host it must carry (RFC 9112, 3.2): 400. The server is made
 *    with Node's own check off (`requireHostHeader`), whose answer is a bare 400.
 * 3. Two Host, Authorization or Content-Type fields: 400. Node keeps the first and drops the
 *    other without a word, while a proxy in front may have read the other: which caller,
 *    which virtual host, or which protocol the body is would depend on who reads it (RFC
 *    9110, 5.3). nginx refuses the first two, and passes both Content-Types on.
 */
export function refusedHead(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.httpVersionMajor !== 1) {
    answer(response, "http_version_not_supported", "HTTP/1.0 and HTTP/1.1 only");
    return true;
  }
  const coding = request.headers["transfer-encoding"];
  if (coding !== undefined && refusedTransferCoding(request, response, coding)) return true;
  if (request.headers.host === undefined) {
    if (request.httpVersionMinor !== 1) return false;
    answer(response, "bad_request", "An HTTP/1.1 request must carry a Host header");
    return true;
  }
  const duplicate = duplicateSingleton(request.rawHeaders);
  if (duplicate === undefined) return false;
  answer(response, "bad_request", `A request must carry at most one ${duplicate} header`);
  return true;
}

/**
 * The framings Node's parser lets through that nginx refuses, and that HTTP says to refuse:
 * 1. A `Transfer-Encoding` other than `chunked` alone (`gzip, chunked`): Node reads the
 *    chunks and drops the coding without a word, so the body would be taken for what it is
 *    not. 501, as RFC 9112 (6.1) says of a coding a server does not understand.
 * 2. `Transfer-Encoding` in an HTTP/1.0 request, which has no such field: its framing is
 *    faulty (RFC 9112, 6.1), whatever Node made of it. 400.
 */
function refusedTransferCoding(request: IncomingMessage, response: ServerResponse, coding: string): boolean {
  if (request.httpVersionMinor === 0) {
    answer(response, "bad_request", "An HTTP/1.0 request cannot carry Transfer-Encoding");
    return true;
  }
  if (coding === "chunked" || coding.trim().toLowerCase() === "chunked") return false;
  answer(response, "not_implemented", "A Transfer-Encoding other than chunked is not supported");
  return true;
}

// Run on every request: names are compared only when their length matches, and in the
// usual spellings before any is lower-cased (a head of eight fields: 15 ns, 49 with
// toLowerCase alone).
function duplicateSingleton(raw: readonly string[]): "Host" | "Authorization" | "Content-Type" | undefined {
  let hosts = 0;
  let authorizations = 0;
  let contentTypes = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 4) {
      if (name === "Host" || name === "host" || name.toLowerCase() === "host") hosts++;
    } else if (name.length === 13) {
      if (name === "Authorization" || name === "authorization" || name.toLowerCase() === "authorization") {
        authorizations++;
      }
    } else if (name.length === 12) {
      if (name === "Content-Type" || name === "content-type" || name.toLowerCase() === "content-type") {
        contentTypes++;
      }
    }
  }
  if (hosts > 1) return "Host";
  if (authorizations > 1) return "Authorization";
  return contentTypes > 1 ? "Content-Type" : undefined;
}

const connectRefused = rawErrorReply("not_implemented", "CONNECT is not supported: a service is not a proxy").text;

/**
 * Answers, on `server`, the expectations and the CONNECT requests Node would refuse. A
 * request with `Expect: 100-continue` is handled as any other, without Node's immediate
 * `100 Continue`: the body reader asks for the body once the call's checks passed
 * (koa/body.ts), so a caller refused by them (401, 404, 413, 415) never sends it.
 */
export function answerNodeRefusals(server: Server): void {
  server.on("checkContinue", (request: IncomingMessage, response: ServerResponse) =>
    server.emit("request", request, response),
  );
  server.on("checkExpectation", (_request: IncomingMessage, response: ServerResponse) =>
    answer(response, "expectation_failed", "Only Expect: 100-continue is supported"),
  );
  server.on("connect", (_request: IncomingMessage, socket: Duplex) => {
    socket.on("error", () => socket.destroy());
    socket.end(connectRefused, () => socket.destroy());
  });
}
