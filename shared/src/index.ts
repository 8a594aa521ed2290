// @starter/shared: every public subpath at once, for convenience. It loads the server
// framework (Koa, pino, prom-client, node-config): a program that only calls services
// imports @starter/shared/client, generated code @starter/shared/runtime. Internals
// (anything not exported by a subpath) are private. docs/architecture.md maps them.
export * from "./client";
export * from "./core";
export * from "./db";
export * from "./koa";
export * from "./runtime";
export * from "./server";
export * from "./testing";
