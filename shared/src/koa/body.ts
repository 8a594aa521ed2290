// The request body, read whole but never past the limit nor past the call's deadline: a
// declared Content-Length is checked before a byte is read, the bytes of a chunked body
// are counted as they come, and a body still arriving when the deadline passes is given up.
// A compressed body is read by body-inflate.ts, with the same limits.
// Written here, not with raw-body: every call passes through it, and raw-body's
// generality (an async resource per read, encodings, http-errors) cost several
// microseconds per call (docs/benchmarks.md). Node's parser has already checked that
// Content-Length is a number and ends the stream only when that many bytes arrived.
import type { IncomingMessage } from "node:http";
import { httpError } from "../core/http-error";
import type { ThriftHttpResponse } from "../core/http";
import { BodyDeadline, unwatch, watch } from "./body-deadlines";

/**
 * The body, or the error response when it is too large or cannot be read, or undefined
 * when it has not all arrived by `deadline` (ms since the epoch): reading stops, and the
 * caller answers and closes the connection, whose remaining bytes are unknown.
 */
export function readBody(
  request: IncomingMessage,
  maxBytes: number,
  deadline: number,
): Promise<Buffer | ThriftHttpResponse | undefined> {
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.resolve(tooLarge(maxBytes));
  if (request.readableEnded || request.destroyed) {
    return Promise.resolve(unreadable(new Error("The body was already read, or the caller went away")));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const read = new BodyDeadline(deadline, expire);
    watch(read);
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      // Stop reading; the 413 closes the connection, which drops the rest.
      request.pause();
      done(tooLarge(maxBytes));
    };
    const onEnd = () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    const onError = (error: Error) => done(unreadable(error));
    // Before "end": the caller went away, or sent less than its Content-Length.
    const onClose = () => done(unreadable(new Error("The caller went away")));
    function expire(): void {
      request.pause();
      done(undefined);
    }
    function done(result: Buffer | ThriftHttpResponse | undefined): void {
      unwatch(read);
      request.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      resolve(result);
    }
    request.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

/** A body over the limit, compressed or not: 413, closing the connection. */
export function tooLarge(maxBytes: number): ThriftHttpResponse {
  // Closing the connection stops the rest of an oversized body at once.
  return httpError(413, "payload_too_large", `The body exceeds the limit of ${maxBytes} bytes`, {
    headers: { connection: "close" },
  });
}

/** A body the caller did not send whole (it went away, or its stream failed): 400. */
export function unreadable(error: Error): ThriftHttpResponse {
  return httpError(400, "bad_request", "The body could not be read", { error });
}
