// One call from start to end: its deadline, the request (a cacheable GET or a POST),
// then attempts until one succeeds or the retry rules (retry.ts) say stop. Everything
// per client (pool, resolved options, budget, header sets) is made once, in ClientRuntime.
import type { Dispatcher } from "undici";
import type { CallOptions, MethodDefinition } from "../core/definition";
import { encodeGetPath } from "../core/get";
import { encodeCall } from "../core/message";
import { requestIdOf } from "../core/request-id";
import type { RetryBudget } from "./budget";
import { compress } from "./compression";
import { CallDeadline } from "./deadline";
import { normalizeHeaders } from "./headers";
import { callSeqid, readReply, statusError } from "./reply";
import { isRetryable, maxAttempts, retryDelayMs } from "./retry";
import { send, type HttpReply, type SendLimits } from "./send";
import type { ResolvedClientOptions } from "./resolved-options";

/** What all calls of one client share, computed once. */
export interface ClientRuntime {
  readonly dispatcher: Dispatcher;
  readonly resolved: ResolvedClientOptions;
  readonly budget: RetryBudget;
  readonly sendLimits: SendLimits;
  /** The client's headers plus those of a POST call. */
  readonly postHeaders: Readonly<Record<string, string>>;
  /** The client's headers plus those of a GET call. */
  readonly getHeaders: Readonly<Record<string, string>>;
}

type HttpRequest = Dispatcher.DispatchOptions & { headers: Record<string, string> };

/**
 * Makes one call: encodes it once, then sends it until it succeeds, fails for good,
 * runs out of attempts or budget, or its deadline passes. Only methods declared
 * `idempotent` or `no_side_effects` are ever sent more than once, except that any call
 * the server refused unprocessed is sent once more.
 */
export async function invoke(
  client: ClientRuntime,
  method: MethodDefinition,
  args: readonly unknown[],
  options: CallOptions = {},
): Promise<unknown> {
  const { resolved } = client;
  const { context } = options;
  if (options.timeoutMs !== undefined && !(options.timeoutMs >= 0)) {
    throw new TypeError(`timeoutMs must be a non-negative number, got ${String(options.timeoutMs)}`);
  }
  let timeoutMs = options.timeoutMs ?? method.policy.timeoutMs ?? resolved.timeoutMs;
  if (context !== undefined) timeoutMs = Math.min(timeoutMs, context.deadline - Date.now());
  const deadline = new CallDeadline(timeoutMs, [options.signal, context?.signal]);
  try {
    // The calling handler's id goes on, by the rule the server applies to it.
    const request = prepare(client, method, args, options, requestIdOf(context?.requestId));
    const idempotent = method.policy.idempotency !== "none";
    const attempts = maxAttempts(idempotent, resolved.retry);
    for (let attempt = 1; ; attempt++) {
      // The time left, so the server stops working on a call nobody waits for.
      request.headers["thrift-timeout-ms"] = String(Math.max(0, Math.floor(deadline.remainingMs())));
      try {
        const reply = await send(client.dispatcher, request, deadline.signal, client.sendLimits);
        if (options.onResponse !== undefined) report(options.onResponse, request, attempt, reply);
        if (reply.status < 200 || reply.status > 299) throw statusError(reply);
        client.budget.refill();
        return readReply(method, reply, resolved.protocol, resolved.limits);
      } catch (error) {
        if (!isRetryable(error, idempotent)) throw error;
        const budgetLeft = client.budget.spend();
        if (attempt >= attempts || !budgetLeft) throw error;
        const delay = retryDelayMs(error, attempt, resolved.retry);
        // A retry that cannot finish in time only hides the real error behind a timeout.
        if (delay >= deadline.remainingMs()) throw error;
        await deadline.sleep(delay);
      }
    }
  } finally {
    deadline.dispose();
  }
}

function report(
  onResponse: NonNullable<CallOptions["onResponse"]>,
  request: HttpRequest,
  attempt: number,
  reply: HttpReply,
): void {
  const method = request.method === "GET" ? "GET" : "POST";
  onResponse({ method, attempt, status: reply.status, headers: reply.headers, body: reply.body });
}

// A side-effect-free call goes as a cacheable GET while its URL fits nginx's request
// line; anything else, or a longer one, as POST.
function prepare(
  client: ClientRuntime,
  method: MethodDefinition,
  args: readonly unknown[],
  options: CallOptions,
  requestId: string,
): HttpRequest {
  const { resolved } = client;
  const callHeaders = options.headers === undefined ? undefined : normalizeHeaders(options.headers);
  const origin = resolved.url.origin;
  const path = resolved.servicePath || "/";
  let body: Buffer;
  try {
    if (method.policy.idempotency === "no_side_effects") {
      const getPath = encodeGetPath(resolved.servicePath, method, args, resolved.protocol);
      if (getPath.length <= resolved.maxGetUrlBytes) {
        return {
          origin,
          method: "GET",
          path: getPath,
          headers: { ...client.getHeaders, ...callHeaders, "x-request-id": requestId },
        };
      }
    }
    body = encodeCall(method, args, callSeqid, resolved.protocol);
  } catch (error) {
    // Arguments of the wrong type, or a required field unset: the caller's mistake.
    throw new TypeError(`Cannot encode the arguments of ${method.name}: ${(error as Error).message}`, { cause: error });
  }
  const headers: Record<string, string> = { ...client.postHeaders, ...callHeaders, "x-request-id": requestId };
  const coding = resolved.sendCompression;
  if (coding !== undefined && body.length >= resolved.compressMinBytes) {
    // Compressed once for every attempt; sent so only when that makes it smaller.
    const compressed = compress(coding, body);
    if (compressed.length < body.length) {
      body = compressed;
      headers["content-encoding"] = coding;
    }
  }
  return { origin, method: "POST", path, body, headers };
}
