// Deadlines on the server: the caller says how long it waits (`Thrift-Timeout-Ms`,
// like Connect's `Connect-Timeout-Ms`), and nobody waits for an answer past that.

/**
 * The longest a call may run, in ms, whatever the caller or the IDL ask: the default of a
 * service's `maxTimeoutMs` (and `thrift.maxTimeoutMs`). The gateway waits for an answer
 * at least as long (`proxy_read_timeout`, checked by nginx/test/limits.test.ts).
 */
export const defaultMaxTimeoutMs = 30_000;

/** The request header carrying the caller's timeout in milliseconds, lower-cased. */
export const timeoutHeader = "thrift-timeout-ms";

const maxDigits = 10;

/** The caller's timeout: undefined if the header is absent; throws a `TypeError` if it is not 1–10 digits. */
export function parseTimeoutHeader(value: string | string[] | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length === 0 || value.length > maxDigits) {
    throw new TypeError(`Invalid Thrift-Timeout-Ms: expected 1 to ${maxDigits} digits`);
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) throw new TypeError(`Invalid Thrift-Timeout-Ms: expected 1 to ${maxDigits} digits`);
  }
  return Number(value);
}

/** How a handler's promise settled; undefined when the deadline came first. */
export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Settles with `promise`, or with undefined after `ms`: a late result is dropped
 * (and a late rejection handled, so it is never an unhandled rejection).
 */
export function settleWithin(promise: Promise<unknown>, ms: number): Promise<Settled | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms, undefined);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ ok: true, value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ ok: false, error });
      },
    );
  });
}

/** Why a handler's signal aborts at its deadline: a `TimeoutError`, as from `AbortSignal.timeout`. */
export function deadlinePassed(): DOMException {
  return new DOMException("The call's deadline passed", "TimeoutError");
}
