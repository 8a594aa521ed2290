// Whether the program traces, and the names both ends of a call put on its spans. Only
// the OpenTelemetry API is used here: the SDK is registered by a service's start
// (server/start-tracing.ts) or by any program of your own. Without one, the client and the
// server add no span and no work to a call: they ask once, when they are created.
import { trace, type ProxyTracerProvider, type Tracer } from "@opentelemetry/api";

/** The tracer's name (the instrumentation scope of every span of this library). */
export const tracerName = "@starter/shared";

/** `rpc.system.name` of every span: OpenTelemetry's RPC conventions have no Thrift value of their own. */
export const rpcSystem = "apache_thrift";

/**
 * The tracer of the registered tracer provider, or `undefined` when none is registered
 * (the API's no-op): then nothing is traced, at no cost per call.
 */
export function registeredTracer(): Tracer | undefined {
  // The API's own provider is a proxy, empty until one is registered; by its method, not
  // `instanceof`: another copy of the API (an ES module import) may have made it.
  const provider = trace.getTracerProvider() as Partial<ProxyTracerProvider> &
    ReturnType<typeof trace.getTracerProvider>;
  if (typeof provider.getDelegateTracer === "function") return provider.getDelegateTracer(tracerName);
  return provider.getTracer(tracerName);
}

/**
 * `rpc.method` of a call (`Echo/echo`), fully qualified as the conventions ask; `_OTHER`
 * when the method is unknown (a caller's text never becomes an attribute).
 */
export function rpcMethod(service: string, method: string | undefined): string {
  return method === undefined ? "_OTHER" : `${service}/${method}`;
}
