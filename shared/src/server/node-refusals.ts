// What a service answers to the requests Node's HTTP server refuses on its own, in the
// JSON shape of every other refusal instead of Node's: an HTTP/1.1 request without Host
// (Node: a bare 400), an `Expect` other than 100-continue (a bare 417), and CONNECT
// (Node drops the connection without a word). Each answer closes the connection.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { ErrorCode } from "../core/error-codes";
import { closingErrorReply, rawErrorReply } from "./client-error";

function answer(response: ServerResponse, code: ErrorCode, message: string): void {
  const { status, headers, body } = closingErrorReply(code, message);
  response.writeHead(status, headers).end(body);
}

/**
 * Answers 400 to an HTTP/1.1 request without the Host it must carry (RFC 9112, 3.2), and
 * says whether it did: the server is made with Node's own check off (`requireHostHeader`).
 */
export function refusedWithoutHost(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.headers.host !== undefined || request.httpVersionMajor !== 1 || request.httpVersionMinor !== 1) {
    return false;
  }
  answer(response, "bad_request", "An HTTP/1.1 request must carry a Host header");
  return true;
}

const connectRefused = rawErrorReply("not_implemented", "CONNECT is not supported: a service is not a proxy").text;

/** Answers, on `server`, the expectations and the CONNECT requests Node would refuse. */
export function answerNodeRefusals(server: Server): void {
  server.on("checkExpectation", (_request: IncomingMessage, response: ServerResponse) =>
    answer(response, "expectation_failed", "Only Expect: 100-continue is supported"),
  );
  server.on("connect", (_request: IncomingMessage, socket: Duplex) => {
    socket.on("error", () => socket.destroy());
    socket.end(connectRefused, () => socket.destroy());
  });
}
