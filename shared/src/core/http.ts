// One HTTP exchange as the framework-free core sees it: the request's method, path,
// headers and body in; status, headers and body out. Adapters (Koa, node:http, …)
// translate from and to their own objects.
import type { ContentCoding } from "./content-coding";

/** What the core needs to decide a request before its body is read. */
export interface ThriftHttpRequestHead {
  /** The HTTP method, upper-case. */
  readonly method: string;
  /** The path below the service's mount point: `""` or `"/"`, or `"/<method>"`. */
  readonly path: string;
  /** The `Content-Type` header. */
  readonly contentType: string | undefined;
  /** The HTTP headers, lower-cased (`thrift-timeout-ms` is read from them). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface ThriftHttpRequest extends ThriftHttpRequestHead {
  /** The query string without `?`: a GET call's message travels in it. */
  readonly query: string;
  /** The whole body; empty for a GET. */
  readonly body: Buffer;
  /** The request id, for the handler's context and its logs. */
  readonly requestId: string;
  /** The authenticated caller, if any. */
  readonly identity: string | undefined;
  /** When the request arrived (ms since the epoch): the caller's timeout counts from it. Defaults to now. */
  readonly receivedAt?: number;
  /**
   * Aborted when the caller goes away; passed on to the handler's signal. Read only
   * when a handler asks for its signal, so an adapter may make it in a getter.
   */
  readonly signal?: AbortSignal;
}

/** How a request ended, for logs and metrics. */
export type CallOutcome = "ok" | "exception" | "error" | "timeout" | "bad_request" | "oneway" | "cancelled";

/**
 * One Thrift call as logs and metrics see it, made by the core: every response carries
 * it, the adapter keeps it as `ctx.state.thrift`, the access log and the metrics read it,
 * and a oneway handler's failure is reported with it.
 */
export interface CallReport {
  /**
   * The Thrift service that answered: the mounted one, or, behind a multiplexed mount,
   * the one the call named.
   */
  readonly service: string;
  /** The Thrift method, once known: only a method of the service, never a caller's text. */
  readonly method: string | undefined;
  readonly outcome: CallOutcome;
  /** The declared exception or the real error (with its stack): for the server log only, never sent. */
  readonly error?: unknown;
}

/** Why an adapter could not read a request's body: the core answers it (`ThriftService.refuseBody`). */
export type BodyProblem =
  /**
   * Larger than the adapter's limit, declared or as it arrived, or, `inflatedFrom` a
   * `Content-Encoding`, once inflated: 413.
   */
  | { readonly kind: "too_large"; readonly maxBytes: number; readonly inflatedFrom?: ContentCoding }
  /** The caller went away, or the stream failed: 400. */
  | { readonly kind: "unreadable"; readonly error: Error }
  /**
   * Not read, the bodies of the calls in hand holding `maxBytesInFlight` already (their
   * decoded values and replies take several times their size): 503 with Retry-After.
   */
  | { readonly kind: "busy"; readonly maxBytesInFlight: number }
  /**
   * Not valid data of its `Content-Encoding` (zlib's `error` says why; it names nothing
   * of the bytes): 400, closing the connection unless the body was read to its `complete` end.
   */
  | {
      readonly kind: "not_inflatable";
      readonly coding: ContentCoding;
      readonly error: Error;
      readonly complete: boolean;
    }
  /**
   * In so many small pieces (`pieces` of them, averaging under `minAverageBytes`) that
   * holding and handling them would cost far more than the bytes: 400, closing the connection.
   */
  | { readonly kind: "fragmented"; readonly pieces: number; readonly minAverageBytes: number }
  /** Not all there by the call's deadline (`timeoutMs` after the request arrived): 504. */
  | { readonly kind: "late"; readonly timeoutMs: number };

export interface ThriftHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly call: CallReport;
}
