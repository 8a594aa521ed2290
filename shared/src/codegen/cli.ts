#!/usr/bin/env node
// The thrift-http-gen executable; everything it does is in run-cli.ts.
import { runCli } from "./run-cli";

process.exitCode = runCli(process.argv.slice(2));
