// A client span for every call of a typed client, by OpenTelemetry's RPC conventions, and
// its W3C `traceparent`/`tracestate` sent with the call, so the server's span is its
// child. Its parent is the active span: in a handler, the call's server span
// (server/tracing.ts), so a handler calling another service with `{ context: ctx }`
// continues the same trace. Used by createClient only when a tracer provider is
// registered (core/tracer.ts); otherwise calls go straight to `invoke`.
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from "@opentelemetry/api";
import type { CallOptions, MethodDefinition } from "../core/definition";
import { rpcMethod, rpcSystem } from "../core/tracer";
import { invoke, type ClientRuntime } from "./call";
import { ClientError, HttpStatusError } from "./errors";

/** `invoke` inside a client span: one span per call, however many attempts it takes. */
export function invokeTraced(
  tracer: Tracer,
  service: string,
  client: ClientRuntime,
  method: MethodDefinition,
  args: readonly unknown[],
  options: CallOptions | undefined,
): Promise<unknown> {
  const parent = context.active();
  const name = rpcMethod(service, method.name);
  const { url } = client.resolved;
  const span = tracer.startSpan(
    name,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        "rpc.system.name": rpcSystem,
        "rpc.method": name,
        "server.address": url.hostname,
        "server.port": Number(url.port) || (url.protocol === "https:" ? 443 : 80),
      },
    },
    parent,
  );
  // The caller's headers, then the propagator's (`traceparent`, `tracestate`, `baggage`).
  const headers: Record<string, string> = { ...options?.headers };
  propagation.inject(trace.setSpan(parent, span), headers);
  return invoke(client, method, args, { ...options, headers }).then(
    (value) => {
      span.setAttribute("rpc.response.status_code", "ok");
      span.end();
      return value;
    },
    (error: unknown) => {
      endFailed(span, error, method);
      throw error;
    },
  );
}

// A declared IDL exception is the call's answer ("exception", status unset, as the server
// records it); any other failure is the client's `code` (transport, timeout, http_status,
// …) and an error status. The error's message is not recorded (it may quote the server).
function endFailed(span: Span, error: unknown, method: MethodDefinition): void {
  if (error instanceof HttpStatusError) span.setAttribute("http.response.status_code", error.status);
  if (method.exceptions.some(({ type }) => error instanceof type)) {
    span.setAttribute("rpc.response.status_code", "exception");
  } else {
    const code = error instanceof ClientError ? error.code : error instanceof Error ? error.name : "unknown";
    span.setAttribute("rpc.response.status_code", code);
    span.setAttribute("error.type", code);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
