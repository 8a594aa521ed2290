// What a service answers when Node's HTTP parser refuses a request (malformed bytes, a
// head too large, a request that did not arrive in time): the JSON error shape of every
// other refusal, after the replies still owed on that connection, then the connection is
// closed. Node's default answer is a bare status line, sent over any reply in flight, and
// the error it passes on carries `rawPacket`, the request bytes as received, credentials
// included: only its code and reason are logged.
import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { noStore } from "../core/cache";
import { statusOf, type ErrorCode } from "../core/error-codes";
import { errorBody, errorContentType } from "../core/http-error";
import type { Logger } from "./logger";

/** A refusal that closes its connection: the code's status, the JSON body, no-store, `Connection: close`. */
export function closingErrorReply(
  code: ErrorCode,
  message: string,
): { status: number; headers: Record<string, string>; body: string } {
  const body = errorBody(code, message);
  return {
    status: statusOf(code),
    headers: {
      "Content-Type": errorContentType,
      "Cache-Control": noStore,
      Connection: "close",
      "Content-Length": String(Buffer.byteLength(body)),
    },
    body,
  };
}

/** The same reply as bytes to write on a socket that has no response object. */
export function rawErrorReply(code: ErrorCode, message: string): { status: number; text: string } {
  const { status, headers, body } = closingErrorReply(code, message);
  const fields = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return { status, text: `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${fields.join("")}\r\n${body}` };
}

// The statuses Node itself gives these errors.
const replies: Record<string, { status: number; text: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: rawErrorReply("request_timeout", "The request did not arrive in time"),
  HPE_HEADER_OVERFLOW: rawErrorReply("headers_too_large", "The request head is too large"),
  HPE_CHUNK_EXTENSIONS_OVERFLOW: rawErrorReply("payload_too_large", "The chunk extensions are too large"),
};
const malformed = rawErrorReply("bad_request", "Malformed HTTP request");

type Socket = Duplex & { _httpMessage?: ServerResponse | null };

/**
 * A `clientError` listener for an `http.Server`: answers in JSON, closes, and logs the
 * error's code and reason (not its stack, Node's own, nor its bytes). A request before the
 * refused bytes on the same connection (pipelined, or a body longer than it declared) is
 * still answered first: Node's default would close on its reply unsent, so a call that ran
 * would look refused.
 */
export function answerClientErrors(logger: Logger): (error: Error & { code?: string }, socket: Duplex) => void {
  // Connections refused once: the broken parser reports again on every later chunk.
  const refused = new WeakSet<Duplex>();
  return (error, socket) => {
    // The caller reset the connection, or it is closing already: nobody to answer.
    if (error.code === "ECONNRESET" || !socket.writable) {
      logger.debug({ code: error.code }, "connection failed");
      socket.destroy();
      return;
    }
    if (refused.has(socket)) return;
    refused.add(socket);
    const { status, text } = replies[error.code ?? ""] ?? malformed;
    const reason = (error as { reason?: unknown }).reason;
    logger.info(
      { status, code: error.code, reason: typeof reason === "string" ? reason : error.message },
      "request refused by the HTTP parser",
    );
    afterReplies(socket as Socket, (answer) => {
      if (answer && socket.writable) socket.write(text);
      socket.destroy();
    });
  };
}

/**
 * Calls `done` once the replies in flight on `socket` are all written (Node gives the
 * socket to each queued reply in turn as the one before it finishes), saying whether the
 * refusal may be written after them: not when the refused bytes are the body of the
 * request being answered and its reply has begun.
 */
function afterReplies(socket: Socket, done: (answer: boolean) => void): void {
  const current = socket._httpMessage;
  if (current === undefined || current === null || current.writableFinished) return done(true);
  // The refused bytes are this request's own body: it will not be answered.
  if (!current.req.complete) return done(!current.headersSent);
  let called = false;
  const next = (finished: boolean) => {
    if (called) return;
    called = true;
    if (finished) afterReplies(socket, done);
    else done(false);
  };
  current.once("finish", () => next(true));
  current.once("close", () => next(current.writableFinished));
}
