// How much a service accepts from one request: the body's size, and what a decoder
// accepts from the message in it. A message is untrusted input: each limit caps the work
// and memory one request can cost.

/**
 * Largest request body a service reads, in bytes (1 MiB): the default of the Thrift
 * router's `maxBodyBytes` and of the services' `thrift.maxBodyBytes`. The gateway refuses
 * a larger one first, with the same limit (nginx/gateway/limits.conf, checked against
 * this by nginx/test/limits.test.ts).
 */
export const defaultMaxBodyBytes = 1024 * 1024;

/**
 * An adapter's `maxBodyBytes` option, `defaultMaxBodyBytes` when not given; throws a
 * `TypeError` at set-up for anything but a non-negative integer.
 */
export function resolveMaxBodyBytes(given: number | undefined): number {
  const maxBodyBytes = given ?? defaultMaxBodyBytes;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new TypeError(`Option maxBodyBytes must be a non-negative integer, got ${String(maxBodyBytes)}`);
  }
  return maxBodyBytes;
}

/**
 * Most request body bytes the calls in hand may hold together, by default: 4 times the
 * largest body (4 MiB for 1 MiB). A call's decoded values and what its handler makes of
 * them take several times its body: 8 times for the data service's 1 MiB values, 8 times
 * for a compact list of i64 ids decoded (1.4 MB of body, 11.5 MB of heap), about 25 for a
 * list of one-byte elements, and more once a handler copies them. At 16 times, 16 calls of
 * a megabyte of ids each took a 256 MiB replica down (the hostile probe); at 4, the calls
 * hold about 100 MiB at worst, beside the process's own 150 under load, within the 256
 * MiB the Kubernetes and Swarm deployments give a replica. Calls of ordinary size are
 * hundreds at once within it. The default of the Thrift router's `maxBodyBytesInFlight`
 * and of the services' `thrift.maxBodyBytesInFlight`.
 */
export function defaultMaxBodyBytesInFlight(maxBodyBytes: number): number {
  return 4 * maxBodyBytes;
}

export interface DecodeLimits {
  /** Deepest nesting of structs and containers (Apache's recursion limit, 64). */
  readonly maxDepth: number;
  /** Longest string or binary value, in bytes. */
  readonly maxStringBytes: number;
  /** Most elements in one list or set, or entries in one map. */
  readonly maxContainerSize: number;
}

export const defaultDecodeLimits: DecodeLimits = {
  maxDepth: 64,
  // Apache's default maximum frame size.
  maxStringBytes: 16_384_000,
  maxContainerSize: 1_000_000,
};

/** The defaults overridden by `limits`; throws if a value is not a positive integer. */
export function resolveDecodeLimits(limits: Partial<DecodeLimits> = {}): DecodeLimits {
  const resolved = { ...defaultDecodeLimits, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(`Decode limit ${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return resolved;
}
