// A compressed request body (`Content-Encoding: gzip`, deflate, br or zstd), inflated as
// it arrives and never past the limit: the compressed bytes count against `maxBytes` as
// a plain body's do, and so do the inflated bytes, counted as zlib hands them over. A
// decompression bomb (a kilobyte of gzip inflates to a megabyte of zeros, a megabyte to
// a gigabyte) is stopped at the limit, a few zlib chunks past it, without reading further
// or holding more than the limit; the caller's deadline applies to the compressed bytes
// as to a plain body. Only compressed requests come here: a plain body is read by
// body.ts alone, with no zlib stream and no extra turn.
//
// The decoders take only what RFC 9110 names, and nothing after it: `deflate` is the zlib
// format (RFC 1950), not raw deflate; bytes after the end of the data are refused; a zstd
// frame asking for a window over 8 MiB is refused (`zstdWindowLogMax`).
import type { IncomingMessage } from "node:http";
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
import { httpError } from "../core/http-error";
import type { ThriftHttpResponse } from "../core/http";
import { tooLarge, unreadable } from "./body";
import { BodyDeadline, unwatch, watch } from "./body-deadlines";

function createDecoder(coding: ContentCoding): Gunzip | Inflate | BrotliDecompress | ZstdDecompress {
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
 * The body inflated from `coding`, or the error response: 413 when the compressed or
 * the inflated bytes pass `maxBytes`, 400 when they are not valid `coding` data or the
 * caller went away; undefined when the compressed body has not all arrived by
 * `deadline` (as `readBody`). An answer given before the body's end says
 * `Connection: close`: what is left of the body is not read.
 */
export function readCompressedBody(
  request: IncomingMessage,
  coding: ContentCoding,
  maxBytes: number,
  deadline: number,
): Promise<Buffer | ThriftHttpResponse | undefined> {
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.resolve(tooLarge(maxBytes));
  if (request.readableEnded || request.destroyed) {
    return Promise.resolve(unreadable(new Error("The body was already read, or the caller went away")));
  }
  return new Promise((resolve) => {
    const decoder = createDecoder(coding);
    const chunks: Buffer[] = [];
    let received = 0;
    let inflated = 0;
    let settled = false;
    const read = new BodyDeadline(deadline, expire);
    watch(read);
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        stop();
        done(tooLarge(maxBytes));
      } else {
        decoder.write(chunk);
      }
    };
    const onEnd = () => {
      // The body is all here; the request's "close" that follows says nothing more.
      request.off("close", onClose);
      decoder.end();
    };
    const onError = (error: Error) => done(unreadable(error));
    // Before "end": the caller went away, or sent less than its Content-Length.
    const onClose = () => done(unreadable(new Error("The caller went away")));
    const onInflated = (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      done(inflatedTooLarge(coding, maxBytes));
    };
    const onInflatedEnd = () => {
      // zlib stops at the end of the compressed data and drops what follows, which gzip
      // alone refuses: bytes that would be read as nothing are refused here for all.
      const trailing = received - decoder.bytesWritten;
      if (trailing > 0) done(invalid(coding, new Error(`${trailing} bytes after the end of the data`), true));
      else done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, inflated));
    };
    const onInvalid = (error: Error) => {
      if (!request.complete) stop();
      done(invalid(coding, error, request.complete));
    };
    function expire(): void {
      request.pause();
      done(undefined);
    }
    // Stops reading the request; the answer closes its connection (see the callers of done).
    function stop(): void {
      request.pause();
    }
    function done(result: Buffer | ThriftHttpResponse | undefined): void {
      if (settled) return;
      settled = true;
      unwatch(read);
      request.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      decoder.off("data", onInflated).off("end", onInflatedEnd).off("error", onInvalid);
      // zlib's native state and buffers go now, not at the next collection. An error
      // from a write still under way has nowhere to go but this listener.
      decoder.on("error", ignore);
      decoder.destroy();
      resolve(result);
    }
    decoder.on("data", onInflated).on("end", onInflatedEnd).on("error", onInvalid);
    request.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

function ignore(): void {}

function inflatedTooLarge(coding: ContentCoding, maxBytes: number): ThriftHttpResponse {
  return httpError(413, "payload_too_large", `The body inflated from ${coding} exceeds the limit of ${maxBytes} bytes`, {
    headers: { connection: "close" },
  });
}

// zlib's messages name what is wrong ("incorrect header check", "unexpected end of
// file") and nothing of the bytes: safe to send.
function invalid(coding: ContentCoding, error: Error, complete: boolean): ThriftHttpResponse {
  return httpError(400, "bad_request", `The body is not valid ${coding} data: ${error.message}`, {
    error,
    ...(complete ? {} : { headers: { connection: "close" } }),
  });
}
