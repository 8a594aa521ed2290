// What an HTTP answer means for a call: a 2xx body is its reply (the value, the declared
// exception, or a TApplicationException), anything else an HttpStatusError with the
// server's JSON code when it sent one.
import type { MethodDefinition } from "../core/definition";
import type { DecodeLimits } from "../core/limits";
import { decodeReply } from "../core/message";
import type { ProtocolName } from "../core/protocols";
import { ApplicationError, HttpStatusError, ProtocolError } from "./errors";
import { parseRetryAfter } from "./retry";
import type { HttpReply } from "./send";

/**
 * The seqid of every call the client sends, POST or GET (whose URL form fixes it at 0):
 * HTTP pairs each reply with its call, so one value serves, and a reply must echo it.
 */
export const callSeqid = 0;

/**
 * The value of a 2xx answer to a call of `method`. Throws the declared exception the
 * server sent, an `ApplicationError` for a `TApplicationException` (or a reply without
 * a result the client knows: `MISSING_RESULT`), and a `ProtocolError` for a body that
 * is not the reply to this call (undecodable, or of another method, seqid or type).
 */
export function readReply(
  method: MethodDefinition,
  reply: HttpReply,
  protocol: ProtocolName,
  limits: DecodeLimits,
): unknown {
  if (method.oneway) return undefined;
  let outcome;
  try {
    outcome = decodeReply(method, reply.body, protocol, limits, callSeqid);
  } catch (error) {
    const type = reply.headers["content-type"] ?? "none";
    throw new ProtocolError(
      `Invalid reply to ${method.name} (content-type ${String(type)}): ${(error as Error).message}`,
      { cause: error },
    );
  }
  switch (outcome.kind) {
    case "success":
      return outcome.value;
    case "declared":
      throw outcome.error;
    case "application":
      throw new ApplicationError(outcome.type, outcome.message);
  }
}

/** The error for a non-2xx answer, with the `{ code, message }` of a JSON body when there is one. */
export function statusError(reply: HttpReply): HttpStatusError {
  const body = jsonBody(reply);
  const code = typeof body?.code === "string" ? body.code : undefined;
  const message = typeof body?.message === "string" ? `HTTP ${reply.status}: ${body.message}` : `HTTP ${reply.status}`;
  return new HttpStatusError(reply.status, message, code, parseRetryAfter(reply.headers["retry-after"]));
}

function jsonBody(reply: HttpReply): Record<string, unknown> | undefined {
  const type = reply.headers["content-type"];
  if (typeof type !== "string" || !type.includes("json") || reply.body.length === 0) return undefined;
  try {
    const body: unknown = JSON.parse(reply.body.toString("utf8"));
    return typeof body === "object" && body !== null ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // a proxy's malformed body: the status alone still says what happened
  }
}
