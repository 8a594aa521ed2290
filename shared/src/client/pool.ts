import { Pool } from "undici";
import type { ClientOptions } from "./options";
import type { ClientSettings } from "./settings";

/** The keep-alive connection pool a client owns when it is given no dispatcher. */
export function createPool(settings: ClientSettings, ca: ClientOptions["ca"]): Pool {
  return new Pool(settings.url.origin, {
    connections: settings.maxConnections,
    // undici offers h2 by default; HTTP/1.1 unless asked, as the option documents.
    allowH2: settings.http2,
    ...(ca === undefined ? {} : { connect: { ca } }),
  });
}
