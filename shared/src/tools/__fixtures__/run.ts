// Runs `thrift-http` in-process, as the bin does, capturing what it prints.
import { runThriftHttp } from "../commands";
import type { CliIo } from "../io";

export interface ToolRun {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

export async function runTool(
  args: readonly string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<ToolRun> {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    env: options.env ?? {},
    stdin: async () => options.stdin ?? "",
  };
  const status = await runThriftHttp(args, io);
  return { status, out, err };
}
