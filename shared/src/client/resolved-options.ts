// ClientOptions checked once, at createClient, and completed with the defaults: a bad
// option throws then, with its name, never in the middle of a call.
import { contentCodings, type ContentCoding } from "../core/content-coding";
import { resolveDecodeLimits, type DecodeLimits } from "../core/limits";
import { contentTypes, type ProtocolName } from "../core/protocols";
import { authorizationHeader, normalizeHeaders } from "./headers";
import type { ClientOptions, RetryBudgetOptions, RetryOptions } from "./options";

/**
 * The longest request target (path and query) of a GET call by default: 6 KiB, safely
 * under the gateway's 8 KiB request-line buffer (`large_client_header_buffers` in
 * nginx/gateway/limits.conf, checked against this by nginx/test/limits.test.ts).
 */
export const defaultMaxGetUrlBytes = 6_144;

/** The deadline of a call whose method declares no `timeout_ms` and whose client sets no `timeoutMs`. */
export const defaultTimeoutMs = 10_000;

/** `ClientOptions` checked and completed with the defaults. */
export interface ResolvedClientOptions {
  readonly url: URL;
  /** The URL's path without a trailing slash ("" at the root): GET calls go below it. */
  readonly servicePath: string;
  readonly protocol: ProtocolName;
  /** The client's own headers, `Authorization` included, lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly retry: Required<RetryOptions>;
  readonly retryBudget: Required<RetryBudgetOptions>;
  readonly maxGetUrlBytes: number;
  readonly maxReplyBytes: number;
  readonly limits: DecodeLimits;
  readonly maxConnections: number;
  readonly http2: boolean;
  /** The `Accept-Encoding` of every call. */
  readonly acceptEncoding: string;
  readonly sendCompression: ContentCoding | undefined;
  readonly compressMinBytes: number;
}

/** Checks `options` and fills in the defaults; throws a `TypeError` naming the first bad option. */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  const url = parseUrl(options.url);
  const protocol = options.protocol ?? "binary";
  if (!Object.hasOwn(contentTypes, protocol)) {
    throw new TypeError(`protocol must be one of ${Object.keys(contentTypes).join(", ")}, got ${String(protocol)}`);
  }
  if (options.dispatcher !== undefined) {
    for (const name of ["ca", "http2", "maxConnections"] as const) {
      if (options[name] !== undefined)
        throw new TypeError(`${name} configures the client's own pool: set it on the dispatcher instead`);
    }
  }
  const http2 = options.http2 ?? false;
  if (http2 && url.protocol !== "https:")
    throw new TypeError("http2 needs an https url: HTTP/2 is negotiated through TLS ALPN");
  const headers = normalizeHeaders(options.headers ?? {});
  if (options.auth !== undefined) headers.authorization = authorizationHeader(options.auth);
  const { retry = {}, retryBudget = {} } = options;
  return {
    url,
    servicePath: url.pathname.replace(/\/+$/, ""),
    protocol,
    headers,
    timeoutMs: positive("timeoutMs", options.timeoutMs ?? defaultTimeoutMs),
    retry: {
      maxAttempts: positive("retry.maxAttempts", retry.maxAttempts ?? 3, true),
      baseDelayMs: positive("retry.baseDelayMs", retry.baseDelayMs ?? 100),
      maxDelayMs: positive("retry.maxDelayMs", retry.maxDelayMs ?? 2_000),
    },
    retryBudget: {
      maxTokens: positive("retryBudget.maxTokens", retryBudget.maxTokens ?? 10),
      tokenRatio: positive("retryBudget.tokenRatio", retryBudget.tokenRatio ?? 0.1),
    },
    maxGetUrlBytes: positive("maxGetUrlBytes", options.maxGetUrlBytes ?? defaultMaxGetUrlBytes, true),
    maxReplyBytes: positive("maxReplyBytes", options.maxReplyBytes ?? 16 * 1024 * 1024, true),
    limits: resolveDecodeLimits(options.limits),
    maxConnections: positive("maxConnections", options.maxConnections ?? 64, true),
    http2,
    acceptEncoding: acceptEncoding(options.acceptCompression ?? contentCodings),
    sendCompression:
      options.sendCompression === undefined ? undefined : coding("sendCompression", options.sendCompression),
    compressMinBytes: nonNegative("compressMinBytes", options.compressMinBytes ?? 1024),
  };
}

function coding(name: string, value: unknown): ContentCoding {
  if (!contentCodings.includes(value as ContentCoding)) {
    throw new TypeError(`${name} must be one of ${contentCodings.join(", ")}, got ${String(value)}`);
  }
  return value as ContentCoding;
}

function acceptEncoding(codings: readonly ContentCoding[]): string {
  if (!Array.isArray(codings)) throw new TypeError("acceptCompression must be an array of content codings");
  const names = codings.map((value, index) => coding(`acceptCompression[${index}]`, value));
  // No Accept-Encoding at all would mean any coding is acceptable (RFC 9110 §12.5.3).
  return names.length === 0 ? "identity" : [...new Set(names)].join(", ");
}

function nonNegative(name: string, value: number): number {
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw new TypeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

function parseUrl(value: string): URL {
  const url = URL.parse(value);
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new TypeError(`url must be an absolute http or https URL, got ${JSON.stringify(value)}`);
  }
  if (url.search !== "" || url.hash !== "") throw new TypeError("url must not have a query or a fragment");
  if (url.username !== "" || url.password !== "") throw new TypeError("url must not hold credentials: use auth");
  return url;
}

function positive(name: string, value: number, integer = false): number {
  if (!(Number.isFinite(value) && value > 0 && (!integer || Number.isSafeInteger(value)))) {
    throw new TypeError(`${name} must be a positive ${integer ? "integer" : "number"}, got ${String(value)}`);
  }
  return value;
}
