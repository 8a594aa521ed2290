import { randomUUID } from "node:crypto";
import type { Dispatcher } from "undici";
import type { CallOptions, MethodDefinition } from "../core/definition";
import { encodeGetPath } from "../core/get";
import { encodeCall } from "../core/message";
import type { RetryBudget } from "./budget";
import { CallDeadline } from "./deadline";
import { normalizeHeaders } from "./headers";
import { callSeqid, readReply, statusError } from "./reply";
import { isRetryable, maxAttempts, retryDelayMs } from "./retry";
import { send, type HttpReply, type SendLimits } from "./send";
import type { ClientSettings } from "./settings";

/** What all calls of one client share, computed once. */
export interface ClientRuntime {
  readonly dispatcher: Dispatcher;
  readonly settings: ClientSettings;
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
  const { settings } = client;
  const { context } = options;
  if (options.timeoutMs !== undefined && !(options.timeoutMs >= 0)) {
    throw new TypeError(`timeoutMs must be a non-negative number, got ${String(options.timeoutMs)}`);
  }
  let timeoutMs = options.timeoutMs ?? method.policy.timeoutMs ?? settings.timeoutMs;
  if (context !== undefined) timeoutMs = Math.min(timeoutMs, context.deadline - Date.now());
  const deadline = new CallDeadline(timeoutMs, [options.signal, context?.signal]);
  try {
    const request = prepare(client, method, args, options, context?.requestId ?? randomUUID());
    const idempotent = method.policy.idempotency !== "none";
    const attempts = maxAttempts(idempotent, settings.retry);
    for (let attempt = 1; ; attempt++) {
      // The time left, so the server stops working on a call nobody waits for.
      request.headers["thrift-timeout-ms"] = String(Math.max(0, Math.floor(deadline.remainingMs())));
      try {
        const reply = await send(client.dispatcher, request, deadline.signal, client.sendLimits);
        if (options.onResponse !== undefined) report(options.onResponse, request, attempt, reply);
        if (reply.status < 200 || reply.status > 299) throw statusError(reply);
        client.budget.refill();
        return readReply(method, reply, settings.protocol, settings.limits);
      } catch (error) {
        if (!isRetryable(error, idempotent)) throw error;
        const budgetLeft = client.budget.spend();
        if (attempt >= attempts || !budgetLeft) throw error;
        const delay = retryDelayMs(error, attempt, settings.retry);
        // A retry that cannot finish in time only hides the real error behind a timeout.
        if (delay >= deadline.remainingMs()) throw error;
        await deadline.sleep(delay);
      }
    }
  } finally {
    deadline.dispose();
  }
}

function report(onResponse: NonNullable<CallOptions["onResponse"]>, request: HttpRequest, attempt: number, reply: HttpReply): void {
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
  const { settings } = client;
  const callHeaders = options.headers === undefined ? undefined : normalizeHeaders(options.headers);
  const origin = settings.url.origin;
  try {
    if (method.policy.idempotency === "no_side_effects") {
      const path = encodeGetPath(settings.servicePath, method, args, settings.protocol);
      if (path.length <= settings.maxGetUrlBytes) {
        return { origin, method: "GET", path, headers: { ...client.getHeaders, ...callHeaders, "x-request-id": requestId } };
      }
    }
    return {
      origin,
      method: "POST",
      path: settings.servicePath || "/",
      body: encodeCall(method, args, callSeqid, settings.protocol),
      headers: { ...client.postHeaders, ...callHeaders, "x-request-id": requestId },
    };
  } catch (error) {
    // Arguments of the wrong type, or a required field unset: the caller's mistake.
    throw new TypeError(`Cannot encode the arguments of ${method.name}: ${(error as Error).message}`, { cause: error });
  }
}
