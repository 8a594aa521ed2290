// @starter/shared/tools: `thrift-http` as a function, for programs and tests that run its
// commands in-process (call, list, breaking) with their own input and output. The bin
// (shared/bin/thrift-http.js) runs the same. Loads the client and the generator, no
// server framework.
export { runThriftHttp, usage } from "./commands";
export { exitStatus, processIo, type CliIo, type Command } from "./io";
