#!/usr/bin/env node
// The thrift-http executable: `thrift-http <command> …`, one module per command.
import type { CliOutput } from "../codegen/run-cli";
import { runBreaking } from "./breaking/run";

const commands: Record<string, (args: readonly string[], output: CliOutput) => number> = { breaking: runBreaking };
const output: CliOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };
const [command = "", ...args] = process.argv.slice(2);
const run = Object.hasOwn(commands, command) ? commands[command] : undefined;

if (run === undefined) {
  output.err(`Usage: thrift-http <command> [options]\n\nCommands: ${Object.keys(commands).join(", ")} (thrift-http <command> --help)`);
  process.exitCode = 2;
} else process.exitCode = run(args, output);
