// What a service answers when Node's HTTP parser refuses a request (malformed bytes, a
// head too large, a request that did not arrive in time): the JSON error shape of every
// other refusal, then the connection is closed. Node's default answer is a bare status
// line, and the error it passes on carries `rawPacket`, the request bytes as received,
// credentials included: here it is logged like every error, through the logger's
// safe serializer, which keeps its code and reason and drops the bytes.
import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { noStore } from "../core/cache";
import { statusOf, type ErrorCode } from "../core/error-codes";
import type { Logger } from "./logger";

/** The whole reply, as bytes to write: the code's status, the JSON body, `Connection: close`. */
function reply(code: ErrorCode, message: string): { status: number; text: string } {
  const status = statusOf(code);
  const body = JSON.stringify({ code, message });
  const text =
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nCache-Control: ${noStore}\r\n` +
    `Connection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  return { status, text };
}

// The statuses Node itself gives these errors.
const replies: Record<string, { status: number; text: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: reply("request_timeout", "The request did not arrive in time"),
  HPE_HEADER_OVERFLOW: reply("headers_too_large", "The request head is too large"),
  HPE_CHUNK_EXTENSIONS_OVERFLOW: reply("payload_too_large", "The chunk extensions are too large"),
};
const malformed = reply("bad_request", "Malformed HTTP request");

/** A `clientError` listener for an `http.Server`: answers in JSON, closes, and logs safely. */
export function answerClientErrors(logger: Logger): (error: Error & { code?: string }, socket: Duplex) => void {
  return (error, socket) => {
    // The caller reset the connection, or it is closing already: nobody to answer.
    if (error.code === "ECONNRESET" || !socket.writable) {
      logger.debug({ err: error }, "connection failed");
      socket.destroy();
      return;
    }
    const { status, text } = replies[error.code ?? ""] ?? malformed;
    // As Node's default: answer only if no reply to this request has begun.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (!inFlight?.headersSent) socket.write(text);
    logger.info({ status, err: error }, "request refused by the HTTP parser");
    socket.destroy();
  };
}
