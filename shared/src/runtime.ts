// @starter/shared/runtime: what the code thrift-http-gen generates imports (the default of
// its --runtime): the definition types the client and the server are driven by, the
// codec helpers, and the keyed containers. Loads no HTTP stack and no server framework.
export * from "./core/codec";
export * from "./core/definition";
export * from "./core/keyed";
