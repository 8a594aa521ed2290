// Durable oneway calls. A oneway method declared `durable = "true"` is not queued in
// memory: its call is handed to an OnewayStore, which keeps it (a row in the service's
// database) before the call is answered, and whose consumers, on any replica, run it
// later through the service. The core knows nothing of databases: shared/src/db has the
// PostgreSQL store (`createOnewayQueue`), which commits a call's completion in the same
// transaction as the handler's writes, so that its effect is applied exactly once.
import type { ProtocolName } from "./protocols";

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
   * caller gets 503 and knows the call was not taken.
   */
  add(call: StoredOnewayCall): Promise<void>;
  /** Starts running the kept calls of `service` with `run`, on this replica, until stopped. */
  consume(service: string, run: StoredCallRunner): OnewayConsumer;
}

export interface OnewayConsumer {
  /** Takes no more calls; resolves once the ones in hand have finished. */
  stop(): Promise<void>;
}
