// createClient: a typed client of one service, its methods made from the generated
// definition at creation (no proxy, no per-call lookup), all sharing one runtime.
import type { CallOptions, ServiceDefinition } from "../core/definition";
import { contentTypes } from "../core/protocols";
import { registeredTracer } from "../core/tracer";
import { RetryBudget } from "./budget";
import { invoke, type ClientRuntime } from "./call";
import type { ClientOptions } from "./options";
import { createPool } from "./pool";
import { resolveClientOptions } from "./resolved-options";
import { invokeTraced } from "./tracing";

/**
 * A typed client: the generated client interface, plus `close()`, unless the service has
 * a method of that name, which is then the IDL's (`closeClient` closes that client).
 */
export type ThriftClient<TClient> = TClient &
  ("close" extends keyof TClient
    ? unknown
    : {
        /** Closes the client's own connection pool once its calls are done; a shared `dispatcher` stays open. */
        close(): Promise<void>;
      });

/** Where every client made here keeps its own closing, whatever its methods are named. */
const closing = Symbol("closes the client's own pool");

/**
 * `client` closing with what `wrap` makes of its own closing, by `closeClient` and by its
 * `close()` unless the service has a method of that name. Internal: for clients built on
 * createClient (testing/test-client.ts), not exported from the package.
 */
export function wrapClose<TClient>(
  client: ThriftClient<TClient>,
  wrap: (closeOwnPool: () => Promise<void>) => () => Promise<void>,
): ThriftClient<TClient> {
  const fields = client as Record<string | symbol, unknown>;
  const own = fields[closing] as () => Promise<void>;
  const close = wrap(own);
  if (fields["close"] === own) fields["close"] = close;
  fields[closing] = close;
  return client;
}

/**
 * Closes a client made by `createClient`, as its `close()` does, and the one whose service
 * has a method named `close`; for code that closes clients of any service. Rejects with a
 * `TypeError` for anything else.
 */
export function closeClient(client: unknown): Promise<void> {
  const close =
    typeof client === "object" && client !== null
      ? (client as { [closing]?: () => Promise<void> })[closing]
      : undefined;
  if (close === undefined) return Promise.reject(new TypeError("closeClient takes a client made by createClient"));
  return close();
}

/**
 * A client of `definition`'s service at `options.url`: one promise method per IDL
 * method, taking the IDL arguments and then, optionally, `CallOptions`.
 */
export function createClient<TClient>(
  definition: ServiceDefinition<unknown, TClient>,
  options: ClientOptions,
): ThriftClient<TClient> {
  const { runtime, close } = createRuntime(options);
  const client: Record<string | symbol, unknown> = { [closing]: close };
  // An IDL method named close takes the name (set below); closeClient still closes.
  if (!Object.hasOwn(definition.methods, "close")) client["close"] = close;
  // Traced only when a tracer provider is registered before the client is made (client/tracing.ts).
  const tracer = registeredTracer();
  for (const method of Object.values(definition.methods)) {
    const arity = method.argNames.length;
    client[method.name] =
      tracer === undefined
        ? (...params: unknown[]) => invoke(runtime, method, params, params[arity] as CallOptions | undefined)
        : (...params: unknown[]) =>
            invokeTraced(tracer, definition.name, runtime, method, params, params[arity] as CallOptions | undefined);
  }
  return client as ThriftClient<TClient>;
}

/** Calls any method of a service by name: the client of tools that learn the service at run time. */
export interface MethodCaller {
  /** Calls `method` with its arguments in IDL order, as a typed client's method does. */
  call(method: string, args: readonly unknown[], options?: CallOptions): Promise<unknown>;
  /** As `ThriftClient.close`. */
  close(): Promise<void>;
}

/**
 * A client of `definition`'s service that calls its methods by name, every one of them:
 * the same calls as `createClient`'s.
 */
export function createMethodCaller(definition: ServiceDefinition, options: ClientOptions): MethodCaller {
  const { runtime, close } = createRuntime(options);
  const tracer = registeredTracer();
  return {
    call(name, args, callOptions) {
      const method = Object.hasOwn(definition.methods, name) ? definition.methods[name] : undefined;
      if (method === undefined)
        return Promise.reject(new TypeError(`Service ${definition.name} has no method ${name}`));
      if (tracer !== undefined) return invokeTraced(tracer, definition.name, runtime, method, args, callOptions);
      return invoke(runtime, method, args, callOptions);
    },
    close,
  };
}

/** What every call of one client shares, and how to close the client's own pool. */
function createRuntime(options: ClientOptions): { runtime: ClientRuntime; close: () => Promise<void> } {
  const resolved = resolveClientOptions(options);
  const pool = options.dispatcher === undefined ? createPool(resolved, options.ca) : undefined;
  const contentType = contentTypes[resolved.protocol];
  const runtime: ClientRuntime = {
    dispatcher: options.dispatcher ?? pool!,
    resolved,
    budget: new RetryBudget(resolved.retryBudget),
    // The client's own pool does not pipeline: undici sends one of its requests again
    // only after an HTTP/2 refusal. A shared dispatcher may pipeline, and resend a
    // request the server has processed.
    sendLimits: { maxReplyBytes: resolved.maxReplyBytes, resendMeansUnprocessed: pool !== undefined },
    postHeaders: {
      ...resolved.headers,
      "content-type": contentType,
      accept: contentType,
      "accept-encoding": resolved.acceptEncoding,
    },
    getHeaders: { ...resolved.headers, accept: contentType, "accept-encoding": resolved.acceptEncoding },
  };
  let closing: Promise<void> | undefined;
  return { runtime, close: () => (closing ??= pool?.close() ?? Promise.resolve()) };
}
