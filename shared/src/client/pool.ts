// The connection pool a client owns when it is given no dispatcher of its own.
import { Pool } from "undici";
import type { ClientOptions } from "./options";
import type { ResolvedClientOptions } from "./resolved-options";

/** The keep-alive connection pool a client owns when it is given no dispatcher. */
export function createPool(resolved: ResolvedClientOptions, ca: ClientOptions["ca"]): Pool {
  return new Pool(resolved.url.origin, {
    connections: resolved.maxConnections,
    // undici offers h2 by default; HTTP/1.1 unless asked, as the option documents.
    allowH2: resolved.http2,
    ...(ca === undefined ? {} : { connect: { ca } }),
  });
}
