// A server span for every call, by OpenTelemetry's RPC conventions, and the call's work
// run inside it: the span is the active one for the handler (so a typed client called from
// it continues the trace) and for every log line written meanwhile (logger.ts adds its
// ids). The child of the caller's W3C `traceparent` when one arrives. Installed by
// createServerApp only when a tracer provider is registered (core/tracer.ts).
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import type { Middleware, ParameterizedContext } from "koa";
import { rpcMethod, rpcSystem } from "../core/tracer";
import type { ServerState } from "./state";

// Probes and scrapes (health.ts, metrics.ts) would drown the calls: they get no span.
const untraced: ReadonlySet<string> = new Set(["/healthz", "/readyz", "/metrics"]);

/** Starts a span per request (probes and scrapes aside), ends it once the reply is known. */
export function serverTracing(tracer: Tracer): Middleware<ServerState> {
  return async (ctx, next) => {
    if (untraced.has(ctx.path)) return next();
    const parent = propagation.extract(ROOT_CONTEXT, ctx.request.headers);
    // Named by the HTTP method until the call is known (a refusal before the router).
    const span = tracer.startSpan(
      ctx.method,
      { kind: SpanKind.SERVER, attributes: { "rpc.system.name": rpcSystem } },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      endServerSpan(span, ctx);
    }
  };
}

// The attributes of the RPC conventions' server span (rpc.method, rpc.response.status_code,
// error.type), with the HTTP status the call was answered with. The error itself is not
// recorded: its message may hold what log-safety.ts keeps out of logs, and the log line
// with the same trace id has it, filtered.
function endServerSpan(span: Span, ctx: ParameterizedContext<ServerState>): void {
  const status = ctx.status;
  span.setAttribute("http.request.method", ctx.method);
  span.setAttribute("http.response.status_code", status);
  const call = ctx.state.thrift;
  if (call !== undefined) {
    const method = rpcMethod(call.service, call.method);
    if (call.method !== undefined) span.updateName(method);
    span.setAttribute("rpc.method", method);
    span.setAttribute("rpc.response.status_code", call.outcome);
    // A declared exception is an answer; a bad request is the caller's failure, not the
    // server's (the conventions leave a server span's status unset then).
    if (call.outcome === "error" || call.outcome === "timeout") {
      span.setAttribute("error.type", call.outcome);
      span.setStatus({ code: SpanStatusCode.ERROR });
    } else if (call.outcome === "bad_request") {
      span.setAttribute("error.type", String(status));
    }
  } else if (status >= 400) {
    span.setAttribute("error.type", String(status));
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
