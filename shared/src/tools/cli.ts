#!/usr/bin/env node
// The thrift-http executable (shared/bin/thrift-http.js runs it); the commands are in commands.ts.
import { runThriftHttp } from "./commands";
import { processIo } from "./io";

runThriftHttp(process.argv.slice(2), processIo).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    // Every expected failure is an exit status of its own: this is a bug of the tool.
    console.error("thrift-http: internal error, please report it:", error);
    process.exitCode = 70;
  },
);
