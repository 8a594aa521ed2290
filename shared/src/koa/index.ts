// @starter/shared/koa: the thin Koa adapter. Thrift services mounted by path, as one
// middleware or as @koa/router routes; the state it shares through `ctx.state`.
export { createThriftMiddleware, createThriftRouter, type ThriftRouterOptions } from "./router";
export type { ThriftRouterState } from "./state";
