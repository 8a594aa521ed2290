// One HTTP exchange as the framework-free core sees it: the request's method, path,
// headers and body in; status, headers and body out. Adapters (Koa, node:http, …)
// translate from and to their own objects.

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
export type CallOutcome = "ok" | "exception" | "error" | "timeout" | "bad_request" | "oneway";

export interface CallReport {
  /**
   * The service that answered, when it is not the mounted one (a call a multiplexed
   * service passed on); logs and metrics name it. Undefined: the mounted service.
   */
  readonly service?: string;
  /** The Thrift method, once known. */
  readonly method: string | undefined;
  readonly outcome: CallOutcome;
  /** The declared exception or the real error (with its stack): for the server log only, never sent. */
  readonly error?: unknown;
}

export interface ThriftHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly call: CallReport;
}
