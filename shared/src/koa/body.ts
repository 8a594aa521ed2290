// The request body, read whole but never past the limit nor past the call's deadline: a
// declared Content-Length is checked before a byte is read, the bytes of a chunked body
// are counted as they come, and a body still arriving when the deadline passes is given up.
// A caller waiting for `100 Continue` is asked for its body only here, once it is wanted.
// A compressed body is read by body-inflate.ts, with the same limits.
// Written here, not with raw-body: every call passes through it, and raw-body's
// generality (an async resource per read, encodings, http-errors) cost several
// microseconds per call (docs/benchmarks.md). Node's parser has already checked that
// Content-Length is a number and ends the stream only when that many bytes arrived.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BodyProblem } from "../core/http";
import type { HeldBytes } from "./body-budget";
import { BodyPieces } from "./body-pieces";
import { BodyDeadline, unwatch, watch } from "./body-deadlines";

/**
 * The body, or why it could not be read (the core answers that: `refuseBody`): larger
 * than `maxBytes`, unreadable, or not all there `timeoutMs` after `receivedAt` (ms since
 * the epoch). Reading stops at the first problem; a caller answering one that left bytes
 * unread closes the connection, whose remaining bytes are unknown. `response` is the
 * request's, for the `100 Continue` a waiting caller is sent. `held`, when given, is told
 * the bytes read so far as they come, and may stop the read (the body budget).
 */
export function readBody(
  request: IncomingMessage,
  response: ServerResponse,
  maxBytes: number,
  receivedAt: number,
  timeoutMs: number,
  held?: HeldBytes,
): Promise<Buffer | BodyProblem> {
  const early = problemBeforeReading(request, response, maxBytes);
  if (early !== undefined) return Promise.resolve(early);
  return new Promise((resolve) => {
    const pieces = new BodyPieces();
    const read = new BodyDeadline(receivedAt + timeoutMs, expire);
    watch(read);
    const onData = (chunk: Buffer) => {
      const received = pieces.length + chunk.length;
      // Stop reading at a problem; the answer closes the connection, which drops the rest.
      const problem: BodyProblem | undefined =
        received > maxBytes ? { kind: "too_large", maxBytes } : (held?.hold(received) ?? pieces.add(chunk));
      if (problem === undefined) return;
      request.pause();
      done(problem);
    };
    const onEnd = () => done(pieces.whole());
    const onError = (error: Error) => done(unreadable(error));
    // Before "end": the caller went away, or sent less than its Content-Length.
    const onClose = () => done(unreadable(new Error("The caller went away")));
    function expire(): void {
      request.pause();
      done({ kind: "late", timeoutMs });
    }
    function done(result: Buffer | BodyProblem): void {
      unwatch(read);
      request.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      resolve(result);
    }
    request.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

/**
 * What is wrong with a body before a byte of it is read: a declared length over
 * `maxBytes`, or no body left to read. When nothing is, a caller that waits to be asked
 * (`Expect: 100-continue`) is asked now: after the route, credentials, content type and
 * deadline were checked, so a caller refused for any of them never sends its body. The
 * server hands such requests over unanswered (server/node-refusals.ts); one that had
 * already sent `100 Continue` (Node's default) sends a second, which HTTP allows.
 */
export function problemBeforeReading(
  request: IncomingMessage,
  response: ServerResponse,
  maxBytes: number,
): BodyProblem | undefined {
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) return { kind: "too_large", maxBytes };
  if (request.readableEnded || request.destroyed) {
    return unreadable(new Error("The body was already read, or the caller went away"));
  }
  if (waitsToBeAsked(request) && !response.headersSent) response.writeContinue();
  return undefined;
}

/** Node's own test for a request that waits for `100 Continue` (lib/_http_server.js). */
function waitsToBeAsked(request: IncomingMessage): boolean {
  const expect = request.headers.expect;
  return expect !== undefined && request.httpVersion === "1.1" && /(?:^|\W)100-continue(?:$|\W)/i.test(expect);
}

/** A body the caller did not send whole (it went away, or its stream failed). */
export function unreadable(error: Error): BodyProblem {
  return { kind: "unreadable", error };
}
