// The typed client of a service bound to its handler in memory: unit tests call the
// handler through its contract, with the real client and the real server core (the same
// encoding, GET or POST, policies, retries, deadlines, declared exceptions and
// TApplicationExceptions as over HTTP), without a server or a socket.
import { createClient, wrapClose, type ThriftClient } from "../client/create-client";
import type { ClientOptions } from "../client/options";
import type { ServiceDefinition } from "../core/definition";
import { createThriftService, type ThriftServiceOptions } from "../core/service";
import { InMemoryDispatcher } from "./in-memory-dispatcher";

export interface TestClientOptions
  extends Omit<ClientOptions, "url" | "dispatcher" | "ca" | "http2" | "maxConnections"> {
  /** The caller's identity the handler sees (`ctx.identity`), as authentication would set it. Default: none. */
  identity?: string;
  /**
   * The options of the service the handler is served with (`maxTimeoutMs`, `limits`, the
   * oneway queue). Default: `ThriftServiceOptions`'s defaults.
   */
  service?: ThriftServiceOptions;
  /** The largest request body the service takes, as sent and once inflated, in bytes (413 past it). Default 1 MiB. */
  maxBodyBytes?: number;
}

/**
 * A client of `definition`'s service whose calls `handler` answers, through
 * `createThriftService` and `createClient` joined in memory. `close()` resolves once the
 * oneway calls made have run, so a test can check their effects after it.
 */
export function createTestClient<THandler, TClient>(
  definition: ServiceDefinition<THandler, TClient>,
  handler: NoInfer<THandler>,
  options: TestClientOptions = {},
): ThriftClient<TClient> {
  const { identity, service: serviceOptions, maxBodyBytes, ...clientOptions } = options;
  const service = createThriftService(definition, handler, serviceOptions);
  const dispatcher = new InMemoryDispatcher(service, { identity, maxBodyBytes });
  const client = createClient(definition, { ...clientOptions, url: "http://in-memory.invalid/", dispatcher });
  let closing: Promise<void> | undefined;
  return wrapClose(client, (closeOwnPool) => () => {
    closing ??= (async () => {
      await service.drain();
      await closeOwnPool();
      await dispatcher.close();
    })();
    return closing;
  });
}
