// The request body, read whole but never past the limit: raw-body checks a declared
// Content-Length first and counts the bytes of a chunked body as they come.
import type { IncomingMessage } from "node:http";
import getRawBody from "raw-body";
import { httpError } from "../core/http-error";
import type { ThriftHttpResponse } from "../core/http";

/** The body, or the error response when it is too large or cannot be read. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | ThriftHttpResponse> {
  try {
    return await getRawBody(request, { length: request.headers["content-length"], limit: maxBytes });
  } catch (error) {
    if ((error as { status?: number }).status === 413) {
      // Closing the connection stops the rest of an oversized body at once.
      return httpError(413, "payload_too_large", `The body exceeds the limit of ${maxBytes} bytes`, {
        headers: { connection: "close" },
        error,
      });
    }
    // The caller went away, or sent less than its Content-Length.
    return httpError(400, "bad_request", "The body could not be read", { error });
  }
}
