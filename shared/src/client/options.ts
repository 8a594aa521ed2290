// What a client is created with: every option, its default and unit. resolved-options.ts
// checks them and fills in the defaults.
import type { Dispatcher } from "undici";
import type { ContentCoding } from "../core/content-coding";
import type { DecodeLimits } from "../core/limits";
import type { ProtocolName } from "../core/protocols";

/** Credentials sent with every call of a client. */
export type ClientAuth = { basic: { username: string; password: string } } | { bearer: string };

/**
 * How failed calls of `idempotent` and `no_side_effects` methods are retried: after
 * a transport failure (refused, reset, TLS) or a 502, 503 or 504, and after a 429
 * only if its `Retry-After` ends before the deadline. A call of any method that the
 * server refused without processing it (HTTP/2 REFUSED_STREAM, or a GOAWAY below its
 * stream: RFC 9113 §8.7) is sent once more. A wait that would pass the deadline is
 * not started: the call fails with the last error instead. Every attempt is counted
 * here: undici's own resending of refused HTTP/2 streams is stopped.
 */
export interface RetryOptions {
  /**
   * Attempts per call, the first included; 1 disables retries. A method with side
   * effects makes 2 at most, the second only after a refusal as above. Default 3.
   */
  maxAttempts?: number;
  /** Backoff cap of the first retry; doubled for each further one (full jitter). Default 100 ms. */
  baseDelayMs?: number;
  /** Upper bound of any backoff. Default 2000 ms. */
  maxDelayMs?: number;
}

/**
 * A token bucket shared by all calls of a client (gRPC A6 retry throttling): it
 * stops retries when most calls fail, so retries cannot multiply an outage's load.
 */
export interface RetryBudgetOptions {
  /** Bucket size; retries are allowed only while more than half of it is left. Default 10. */
  maxTokens?: number;
  /** Tokens a successful call gives back (a failed attempt costs 1). Default 0.1. */
  tokenRatio?: number;
}

export interface ClientOptions {
  /**
   * Base URL of the service, mount path included, e.g. `https://localhost:8443/echo`:
   * POST calls go to it, GET calls to `<url>/<method>`.
   */
  url: string;
  /** Thrift protocol of the messages. Default `binary`. */
  protocol?: ProtocolName;
  /** PEM certificate(s) of a private CA to trust instead of the system ones. Default: the system's. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Offer HTTP/2 through TLS ALPN (needs an `https` URL); HTTP/1.1 otherwise. Default false. */
  http2?: boolean;
  /** Basic or Bearer credentials sent as `Authorization` with every call. Default none. */
  auth?: ClientAuth;
  /** Headers sent with every call. Default none. */
  headers?: Record<string, string>;
  /** Deadline of a call whose method declares no `timeout_ms`. Default 10000 ms. */
  timeoutMs?: number;
  /** Retry policy of `idempotent` and `no_side_effects` methods. Each field has its default. */
  retry?: RetryOptions;
  /** Throttle of retries across all calls of this client. Each field has its default. */
  retryBudget?: RetryBudgetOptions;
  /** Connections the client's pool may open to the server. Default 64. */
  maxConnections?: number;
  /**
   * Longest request target (path and query) of a GET call; longer calls are sent as
   * POST. Default `defaultMaxGetUrlBytes` (6144), safely under the gateway's 8 KiB
   * request-line buffer.
   */
  maxGetUrlBytes?: number;
  /**
   * Largest reply body accepted, as it arrives and, when compressed, inflated; a larger
   * one fails the call with a `ProtocolError`. A reply is gathered into one buffer, at
   * most twice its size however it is chunked. An error status reads at most 16 KiB of
   * its body (for its JSON code and message). Default 16 MiB.
   */
  maxReplyBytes?: number;
  /**
   * The codings replies may come compressed in, sent as `Accept-Encoding` in this order;
   * a reply in any of the four is inflated, within `maxReplyBytes`. `[]` asks for none
   * (`Accept-Encoding: identity`). Default all four: gzip, deflate, br, zstd (the gateway
   * gzips replies of 1 KiB and more).
   */
  acceptCompression?: readonly ContentCoding[];
  /**
   * Compress the body of a POST call of at least `compressMinBytes` with this coding
   * (`Content-Encoding`), sent compressed when that makes it smaller. Default none: a
   * stock Thrift server takes no compressed body, and compressing costs CPU on both
   * sides that only a slow link or a large body pays back (docs/benchmarks.md).
   * Every service of this starter takes all four.
   */
  sendCompression?: ContentCoding;
  /** Smallest body compressed when `sendCompression` is set, in bytes. Default 1024. */
  compressMinBytes?: number;
  /** Limits on decoding a reply (nesting depth, string and container sizes). Default: the server's. */
  limits?: Partial<DecodeLimits>;
  /**
   * An undici dispatcher to send calls through instead of a pool of the client's own,
   * to share connections between clients; `close()` then leaves it open.
   * Excludes `ca`, `http2` and `maxConnections`, which configure the client's own pool.
   * As it may pipeline, a call it is about to send again is not known to be unprocessed:
   * only an `idempotent` or `no_side_effects` one is retried then. Default none.
   */
  dispatcher?: Dispatcher;
}
