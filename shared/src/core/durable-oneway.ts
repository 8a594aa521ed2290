// Durable oneway calls. A oneway method declared `durable = "true"` is not queued in
// memory: its call is handed to an OnewayStore, which keeps it (a row in the service's
// database) before the call is answered, and whose consumers, on any replica, run it
// later through the service. The core knows nothing of databases: shared/src/db has the
// PostgreSQL store (`createOnewayQueue`), which commits a call's completion in the same
// transaction as the handler's writes, so that its effect is applied exactly once. The
// functions below are the service's side of it (service.ts): keep, consume, run.
import { deadlinePassed, settleWithin } from "./deadline";
import type { ServiceDefinition } from "./definition";
import type { ThriftHttpRequest, ThriftHttpResponse } from "./http";
import type { DecodeLimits } from "./limits";
import { decodeCall } from "./message";
import type { MethodEntry } from "./method-entry";
import { OnewayJob, type OnewayErrorReporter } from "./oneway-job";
import type { ProtocolName } from "./protocols";
import { callerGone, deadlineExceeded, onewayAccepted, onewayRefused, unavailable } from "./replies";

/** A oneway call as it is kept: the Thrift message as received, and who sent it. */
export interface StoredOnewayCall {
  /** The Thrift service, e.g. `DataService`: one store may keep several services' calls. */
  readonly service: string;
  readonly method: string;
  readonly protocol: ProtocolName;
  /** The whole Thrift message, decoded again when the call runs. */
  readonly message: Buffer;
  readonly requestId: string;
  readonly identity: string | undefined;
}

/** Runs one stored call: resolves once its handler did, rejects with the handler's error. */
export type StoredCallRunner = (call: StoredOnewayCall) => Promise<void>;

export interface OnewayStore {
  /**
   * Keeps the call; resolves once it is durable, and only then is the caller answered.
   * Rejects when it cannot (a `ServiceUnavailable` while the database is down): the
   * caller gets 503 and knows the call was not taken. `signal` aborts at the call's
   * deadline or when its caller goes: the store then stops waiting and rejects.
   */
  add(call: StoredOnewayCall, signal?: AbortSignal): Promise<void>;
  /** Starts running the kept calls of `service` with `run`, on this replica, until stopped. */
  consume(service: string, run: StoredCallRunner): OnewayConsumer;
}

export interface OnewayConsumer {
  /** Takes no more calls; resolves once the ones in hand have finished. */
  stop(): Promise<void>;
}

/**
 * Starts `store`'s consumer of the kept calls of `definition`, if it declares a durable
 * method; throws when it does and there is no store to keep them.
 */
export function consumeKeptCalls(
  definition: ServiceDefinition,
  store: OnewayStore | undefined,
  run: StoredCallRunner,
): OnewayConsumer | undefined {
  const durable = Object.values(definition.methods).find((method) => method.policy.durable);
  if (durable === undefined) return undefined;
  if (store === undefined) {
    throw new TypeError(
      `Method ${durable.name} of ${definition.name} is declared durable: pass the onewayStore that keeps its calls`,
    );
  }
  return store.consume(definition.name, run);
}

/**
 * The answer to a durable call, given only once `store` has kept it, and then as any
 * oneway call is answered: a replica dying after the answer loses nothing. Not kept, not
 * accepted: the caller gets 503 and may send it again.
 */
export async function keepCall(
  store: OnewayStore,
  entry: MethodEntry,
  protocol: ProtocolName,
  message: Buffer,
  request: ThriftHttpRequest,
  deadline: number,
  timeoutMs: number,
): Promise<ThriftHttpResponse> {
  const { requestId, identity } = request;
  const userAgent = request.headers["user-agent"];
  const remaining = deadline - Date.now();
  if (remaining <= 0) return onewayRefused(deadlineExceeded(entry, timeoutMs), userAgent);
  // Keeping a call is bounded by its deadline as running one is: a database that stops
  // answering (a pause, a partition) would otherwise hold the caller and a connection.
  const expiry = AbortSignal.timeout(remaining);
  const signal = request.signal === undefined ? expiry : AbortSignal.any([request.signal, expiry]);
  try {
    await store.add({ service: entry.service, method: entry.name, protocol, message, requestId, identity }, signal);
  } catch (error) {
    if (request.signal?.aborted === true) return onewayRefused(callerGone(entry), userAgent);
    if (expiry.aborted) return onewayRefused(deadlineExceeded(entry, timeoutMs), userAgent);
    return onewayRefused(unavailable(entry, error), userAgent);
  }
  return onewayAccepted(entry, protocol, userAgent);
}

/**
 * A kept call, taken by a consumer: decoded again (its bytes were checked when it arrived,
 * but the IDL may have changed since), run as a oneway job is, within the method's
 * timeout. Its headers are not kept (they hold credentials): the handler sees the request
 * id and the identity only. Rejects with the handler's error, for the store to retry.
 */
export async function runKeptCall(
  call: StoredOnewayCall,
  definition: ServiceDefinition,
  entries: ReadonlyMap<string, MethodEntry>,
  limits: DecodeLimits,
  onError: OnewayErrorReporter,
): Promise<void> {
  const decoded = decodeCall(definition, call.message, call.protocol, limits);
  const entry = decoded.kind === "call" ? entries.get(decoded.method.name) : undefined;
  if (decoded.kind !== "call" || entry === undefined || entry.name !== call.method || !entry.definition.oneway) {
    throw new TypeError(`A kept call of ${call.service}.${call.method} is no longer a oneway call of this service`);
  }
  const job = new OnewayJob(
    entry,
    decoded.args,
    { requestId: call.requestId, identity: call.identity, headers: {} },
    onError,
  );
  const settled = await settleWithin(job.run(), entry.timeoutMs);
  if (settled === undefined) throw deadlinePassed();
  if (!settled.ok) throw settled.error;
}
