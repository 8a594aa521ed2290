// A compressed request body (`Content-Encoding: gzip`, deflate, br or zstd), inflated never
// past the limit: the compressed bytes count against `maxBytes` as a plain body's do, and
// so do the inflated bytes. A decompression bomb (a kilobyte of gzip inflates to a
// megabyte of zeros, a megabyte to a gigabyte) is stopped at the limit, without reading
// further or holding more than the limit. The caller's deadline applies to the compressed
// bytes as to a plain body. Only compressed requests come here: a plain body is read by
// body.ts alone.
//
// Two ways, by size. A body that ends within `streamFromBytes` (what one read of the
// socket brings) is inflated in one step at its end (core/inflate.ts): a zlib stream costs
// 35 µs of CPU on a 1 KiB body against 8 for the one step (measured), and the one step
// stops at the limit too. A longer body is inflated as it arrives, by a zlib stream whose
// output is counted chunk by chunk: a bomb gets its 413 as soon as its output passes the
// limit, before the rest of it is read.
//
// Strict, as RFC 9110 names the codings: `deflate` is the zlib format (RFC 1950), not raw
// deflate; bytes after the end of the data are refused; a zstd frame asking for a window
// over 8 MiB is refused (`zstdWindowLogMax`).
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  constants,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createZstdDecompress,
  type BrotliDecompress,
  type Gunzip,
  type Inflate,
  type ZstdDecompress,
} from "node:zlib";
import { zstdWindowLogMax, type ContentCoding } from "../core/content-coding";
import type { BodyProblem } from "../core/http";
import { inflateBody, inflatedTooLarge, notInflatable, trailingBytes } from "../core/inflate";
import { problemBeforeReading, unreadable } from "./body";
import type { HeldBytes } from "./body-budget";
import { BodyDeadline, unwatch, watch } from "./body-deadlines";
import { tooFragmented } from "./body-pieces";

/** Compressed bytes held before inflating as they come: Node's largest read of a socket. */
export const streamFromBytes = 64 * 1024;

type Decoder = Gunzip | Inflate | BrotliDecompress | ZstdDecompress;

function createDecoder(coding: ContentCoding): Decoder {
  switch (coding) {
    case "gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    case "zstd":
      return createZstdDecompress({ params: { [constants.ZSTD_d_windowLogMax]: zstdWindowLogMax } });
  }
}

/**
 * The body inflated from `coding`, or why it could not be (the core answers that:
 * `refuseBody`), as `readBody`'s: too large when the compressed or the inflated bytes
 * pass `maxBytes`, not inflatable when they are not valid `coding` data, unreadable when
 * the caller went away, late when the compressed body has not all arrived `timeoutMs`
 * after `receivedAt`. Reading stops at the first problem; the answer to one found before
 * the body's end closes the connection: what is left of the body is not read. `held`,
 * when given, is told the compressed bytes read and the bytes inflated so far, together,
 * as they come, and may stop the read (the body budget).
 */
export function readCompressedBody(
  request: IncomingMessage,
  response: ServerResponse,
  coding: ContentCoding,
  maxBytes: number,
  receivedAt: number,
  timeoutMs: number,
  held?: HeldBytes,
): Promise<Buffer | BodyProblem> {
  const early = problemBeforeReading(request, response, maxBytes);
  if (early !== undefined) return Promise.resolve(early);
  return new Promise((resolve) => {
    /** Compressed chunks until there are `streamFromBytes` of them; then inflated chunks. */
    const chunks: Buffer[] = [];
    let received = 0;
    let pieces = 0;
    let inflated = 0;
    let decoder: Decoder | undefined;
    let settled = false;
    const read = new BodyDeadline(receivedAt + timeoutMs, expire);
    watch(read);
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      const problem: BodyProblem | undefined =
        received > maxBytes
          ? { kind: "too_large", maxBytes }
          : (tooFragmented(++pieces, received) ?? held?.hold(received + inflated));
      if (problem !== undefined) {
        request.pause();
        done(problem);
      } else if (decoder !== undefined) {
        decoder.write(chunk);
      } else {
        chunks.push(chunk);
        if (received > streamFromBytes) stream();
      }
    };
    const onEnd = () => {
      // The body is all here; the request's "close" that follows says nothing more.
      request.off("close", onClose);
      if (decoder !== undefined) decoder.end();
      else done(inflateBody(coding, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received), maxBytes));
    };
    const onError = (error: Error) => done(unreadable(error));
    // Before "end": the caller went away, or sent less than its Content-Length.
    const onClose = () => done(unreadable(new Error("The caller went away")));
    const onInflated = (chunk: Buffer) => {
      inflated += chunk.length;
      const problem = inflated > maxBytes ? inflatedTooLarge(coding, maxBytes) : held?.hold(received + inflated);
      if (problem === undefined) {
        chunks.push(chunk);
        return;
      }
      request.pause();
      done(problem);
    };
    const onInflatedEnd = () => {
      // zlib stops at the end of the compressed data and drops what follows.
      const trailing = received - decoder!.bytesWritten;
      done(trailing > 0 ? trailingBytes(coding, trailing) : Buffer.concat(chunks, inflated));
    };
    const onInvalid = (error: Error) => {
      if (!request.complete) request.pause();
      done(notInflatable(coding, error, request.complete));
    };
    // Too long to hold: what came so far goes to a decoder, and the rest as it comes.
    function stream(): void {
      decoder = createDecoder(coding);
      decoder.on("data", onInflated).on("end", onInflatedEnd).on("error", onInvalid);
      for (const chunk of chunks.splice(0)) decoder.write(chunk);
    }
    function expire(): void {
      request.pause();
      done({ kind: "late", timeoutMs });
    }
    function done(result: Buffer | BodyProblem): void {
      if (settled) return;
      settled = true;
      unwatch(read);
      request.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      if (decoder !== undefined) {
        decoder.off("data", onInflated).off("end", onInflatedEnd).off("error", onInvalid);
        // zlib's native state and buffers go now, not at the next collection. An error
        // from a write still under way has nowhere to go but this listener.
        decoder.on("error", ignore);
        decoder.destroy();
      }
      resolve(result);
    }
    request.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

function ignore(): void {}
