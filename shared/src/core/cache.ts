// Cache-Control of a successful reply, decided per method once at registration from
// its IDL policy. Every other reply (exceptions, errors) is `no-store`.
import type { MethodPolicy } from "./definition";

export const noStore = "no-store";

/** The Cache-Control of a success, for an anonymous and for an authenticated caller. */
export interface SuccessCacheControl {
  readonly anonymous: string;
  readonly authenticated: string;
}

export function successCacheControl(policy: MethodPolicy): SuccessCacheControl {
  if (policy.idempotency !== "no_side_effects" || policy.cacheMaxAge <= 0) {
    return { anonymous: noStore, authenticated: noStore };
  }
  const maxAge = `max-age=${policy.cacheMaxAge}`;
  // An authenticated answer may differ per caller: only the caller's own cache may
  // keep it, unless the IDL declares it the same for everyone.
  return {
    anonymous: `public, ${maxAge}`,
    authenticated: policy.cacheShared ? `public, ${maxAge}` : `private, ${maxAge}`,
  };
}
