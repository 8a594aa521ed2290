// How much a decoder accepts from one message. A message is untrusted input: each
// limit caps the work and memory one request can cost.

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
