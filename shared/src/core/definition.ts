// The contract between generated code and the runtime. `thrift-http-gen` emits, for
// every IDL service, a `ServiceDefinition` value plus typed handler and client
// interfaces; the server core, the Koa adapter and the client are all driven by it,
// so no per-service code is hand-written on either side.
import type { TProtocol } from "thrift";

/** Encodes and decodes one struct-like type (struct, union, exception, args, result). */
export interface StructCodec<T> {
  /** Reads one value; throws a `Thrift.TProtocolException` on invalid or missing data. */
  read(input: TProtocol): T;
  /** Writes one value; throws a `Thrift.TProtocolException` if a required field is unset. */
  write(output: TProtocol, value: T): void;
}

/**
 * How a method may be called, declared once in the IDL with function annotations:
 *
 *     Value get(1: string key) throws (1: NotFound nf)
 *       (idempotency = "no_side_effects", cache.max_age = "30", timeout_ms = "500")
 */
export interface MethodPolicy {
  /**
   * `none`: may change state; sent once, never retried (the default).
   * `idempotent`: repeating it has the effect of doing it once; retried by the client.
   * `no_side_effects`: only reads; sent as GET so caches and nginx may serve and retry it.
   */
  readonly idempotency: "none" | "idempotent" | "no_side_effects";
  /** Seconds a successful reply may be cached (`cache.max_age`); 0 means `no-store`. */
  readonly cacheMaxAge: number;
  /** The reply is the same for every caller, so shared caches may keep it even when the call was authenticated (`cache.shared`). */
  readonly cacheShared: boolean;
  /** Default deadline of a call in milliseconds (`timeout_ms`); undefined means the caller's or the server's default. */
  readonly timeoutMs: number | undefined;
  /**
   * A oneway call kept in the service's database before it is answered, then run once by
   * any replica, its effects committed with its completion (`durable = "true"`; see
   * `OnewayStore`). Absent or false: answered once decoded, run from memory.
   */
  readonly durable?: boolean;
}

/** A declared exception of a method: field `id`/`name` of the result struct. */
export interface ExceptionDefinition {
  readonly id: number;
  readonly name: string;
  /** The generated `Error` subclass; `instanceof` picks the result field. */
  readonly type: abstract new (
    ...args: never[]
  ) => Error;
}

/**
 * One method. The args struct has one field per parameter, named as in the IDL
 * (`argNames` gives their order); the result struct has `success` (field 0, absent
 * for `void`) and one field per declared exception.
 */
export interface MethodDefinition {
  readonly name: string;
  readonly oneway: boolean;
  readonly argNames: readonly string[];
  readonly args: StructCodec<Record<string, unknown>>;
  readonly result: StructCodec<Record<string, unknown>>;
  /** False for `void` methods: their result has no `success` field. */
  readonly returnsValue: boolean;
  readonly exceptions: readonly ExceptionDefinition[];
  readonly policy: MethodPolicy;
}

/**
 * A service as the runtime sees it. The type parameters only carry the generated
 * handler and client interfaces to `createThriftService` and `createClient`.
 */
export interface ServiceDefinition<THandler = unknown, TClient = unknown> {
  /** The Thrift service name, e.g. `Echo`. */
  readonly name: string;
  readonly methods: Readonly<Record<string, MethodDefinition>>;
  /** Phantom fields for type inference; never set at run time. */
  readonly __handler?: THandler;
  readonly __client?: TClient;
}

/** What every handler method receives after its IDL arguments. */
export interface CallContext {
  /** The request id (from `X-Request-ID`, or generated), for logs and downstream calls. */
  readonly requestId: string;
  /** Absolute deadline (ms since epoch) after which nobody waits for the answer. */
  readonly deadline: number;
  /** Aborted when the deadline passes or the caller goes away. */
  readonly signal: AbortSignal;
  /** The authenticated caller, if any (Basic user name or Bearer token name). */
  readonly identity: string | undefined;
  /** The incoming HTTP headers, lower-cased. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Per-call options every generated client method accepts last. */
export interface CallOptions {
  /** Overrides the policy's default timeout for this call. */
  timeoutMs?: number;
  /** Cancels the call (the promise rejects with an `AbortError`). Default none. */
  signal?: AbortSignal;
  /** Extra HTTP headers for this call. Default none. */
  headers?: Record<string, string>;
  /**
   * The context of the handler making this call: its deadline, cancellation and
   * request id are passed on, so downstream work stops when the caller gives up. Default none.
   */
  context?: CallContext;
  /**
   * Called with each HTTP answer the call gets (one per attempt; none for an attempt
   * that got no answer), before its body is decoded: to read what the answer's headers
   * say, such as `X-Served-By` or `X-Cache-Status`. What it throws fails the call.
   */
  onResponse?: (response: CallResponse) => void;
}

/** One HTTP answer to a call, as `CallOptions.onResponse` sees it. */
export interface CallResponse {
  /** How this attempt was sent: `GET` for a `no_side_effects` call whose URL fits, else `POST`. */
  readonly method: "GET" | "POST";
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
  readonly status: number;
  /** The answer's headers, lower-cased. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as received: the Thrift reply, or at most 16 KiB of an error status's body. */
  readonly body: Uint8Array;
}
