// The server contestants: what wrk sends to each, for a payload. The first is the
// baseline every ratio is taken against.
import type { Payload } from "./payloads";
import type { Stack } from "./stack";

export interface Target {
  url: string;
  headers: Record<string, string>;
  /** The file sent as a POST body; none for the cached GET. */
  bodyFile?: string;
}

export interface Contestant {
  readonly id: string;
  readonly label: string;
  /** The stack's processes that serve it, whose CPU time a request costs. */
  readonly servedBy: readonly string[];
  target(payload: Payload): Target;
  /**
   * Loaded over HTTP/2 by h2load instead of wrk (HTTP/1.1): the whole run's connections on
   * `connections` of them (at most the run's), the rest as streams in flight on each.
   */
  readonly http2?: { connections: number | "all" };
}

const thrift = { "content-type": "application/x-thrift" };

export function serverContestants(stack: Stack): Contestant[] {
  const { ports, authorization } = stack;
  const call =
    (origin: string, auth: boolean) =>
    (payload: Payload): Target => ({
      url: `${origin}/echo`,
      headers: auth ? { ...thrift, authorization } : thrift,
      bodyFile: payload.callFile,
    });
  const local = (port: number) => `http://127.0.0.1:${port}`;
  return [
    {
      id: "bare",
      label: "(1) node:http + Apache processor",
      servedBy: ["bare"],
      target: call(local(ports.bare), false),
    },
    {
      id: "apache",
      label: "(5) Apache createWebServer",
      servedBy: ["apache"],
      target: call(local(ports.apache), false),
    },
    {
      id: "ours",
      label: "(2) ours: Koa service, direct",
      servedBy: ["ours"],
      target: call(local(ports.ours), true),
    },
    {
      id: "ours-quiet",
      label: "(2) ours, direct, access log off",
      servedBy: ["ours-quiet"],
      target: call(local(ports.oursQuiet), true),
    },
    {
      id: "ours-traced",
      label: "(2) ours, direct, tracing on (OTLP export)",
      servedBy: ["ours-traced"],
      target: call(local(ports.oursTraced), true),
    },
    {
      id: "adapter",
      label: "(2) Koa + our Thrift middleware alone",
      servedBy: ["adapter"],
      target: call(local(ports.adapter), false),
    },
    {
      id: "bare-proxy",
      label: "(3) bare nginx keepalive → (1)",
      servedBy: ["bare-proxy", "bare"],
      target: call(local(ports.bareProxy), false),
    },
    {
      id: "bare-proxy-without-keepalive",
      label: "(3) bare nginx, no upstream keepalive → (1)",
      servedBy: ["bare-proxy", "bare"],
      target: call(local(ports.bareProxyWithoutKeepalive), false),
    },
    {
      id: "gateway",
      label: "(3) ours through the gateway, TLS",
      servedBy: ["gateway", "ours"],
      target: call(`https://127.0.0.1:${ports.gateway}`, true),
    },
    {
      id: "gateway-h2",
      label: "(3) ours through the gateway, HTTP/2, a stream per connection",
      servedBy: ["gateway", "ours"],
      target: call(`https://127.0.0.1:${ports.gateway}`, true),
      http2: { connections: "all" },
    },
    {
      id: "gateway-h2-multiplexed",
      label: "(3) ours through the gateway, HTTP/2, every stream on one connection",
      servedBy: ["gateway", "ours"],
      target: call(`https://127.0.0.1:${ports.gateway}`, true),
      http2: { connections: 1 },
    },
    {
      id: "cached",
      label: "(4) gateway cache hit, GET /data/get",
      servedBy: ["gateway", "data"],
      target: (payload) => ({
        url: `https://127.0.0.1:${ports.gateway}${payload.getPath}`,
        headers: { authorization },
      }),
    },
  ];
}
