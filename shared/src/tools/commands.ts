// `thrift-http <command> …`: the tools built on a Thrift contract. Each command is a
// module exporting `run` (a `Command`; breaking/run.ts prints lines, adapted below);
// adding one is its import and its line in `commands` below.
import { runBreaking } from "./breaking/run";
import * as call from "./call";
import { exitStatus, type CliIo, type Command } from "./io";
import * as list from "./list";

// `breaking` prints whole lines, as the generator's CLI does; the io takes text.
const breaking: Command = (args, io) =>
  Promise.resolve(runBreaking(args, { out: (line) => io.out(`${line}\n`), err: (line) => io.err(`${line}\n`) }));

const commands: Readonly<Record<string, readonly [summary: string, run: Command]>> = {
  call: ["call a method of a service over HTTP, arguments and result in JSON", call.run],
  list: ["list the services of an IDL file: methods, signatures, policies", list.run],
  breaking: ["the changes between two versions of an IDL that break deployed peers", breaking],
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, [summary]]) => `  ${name.padEnd(width)}  ${summary}`);
  return `Usage: thrift-http <command> [options]\n\n${lines.join("\n")}\n\n"thrift-http <command> --help" describes a command.\n`;
}

/** Runs `thrift-http` with its arguments; resolves to the exit status. */
export async function runThriftHttp(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? exitStatus.usage : exitStatus.ok;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    io.err(`thrift-http: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return exitStatus.usage;
  }
  return command[1](rest, io);
}
