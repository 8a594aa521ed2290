// The command line of `thrift-http call`, read and checked: every mistake is a
// UsageError (exit status 2) before anything is loaded or sent.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { ClientAuth } from "../client/options";
import type { ProtocolName } from "../core/protocols";
import { idlOptions } from "./idl";
import { UsageError, type CliIo } from "./io";

export const callUsage = `Usage: thrift-http call --idl FILE [options] URL METHOD [ARGS]

  Calls METHOD of the service at URL (its mount path: https://localhost:8443/data) and
  prints the result as JSON. ARGS is a JSON object of the arguments by parameter name
  ({"key":"a"}; {} when left out; - reads it from standard input, @FILE from a file).
  docs/tools.md maps every Thrift type to JSON.

  --idl FILE          the service's IDL file (required)
  -I, --include DIR   look for included files in DIR too, after the including file's (repeatable)
  --service NAME      the service, if the IDL has several (base.Name for one of an included file)
  --protocol NAME     binary (default), compact or json
  --auth USER:PASS    Basic credentials (default: $THRIFT_HTTP_AUTH)
  --bearer TOKEN      a Bearer token (default: $THRIFT_HTTP_BEARER)
  --ca FILE           trust the CA certificates in FILE (PEM), not the system's
  --http2             offer HTTP/2 (https URLs only)
  -H, --header K:V    send this header too (repeatable)
  --timeout-ms N      the call's deadline; default the method's timeout_ms, else 10000
  --post              send no_side_effects calls as POST too, for servers that take no
                      GET calls (Apache's); they are still retried as idempotent ones
  --pretty            print the JSON indented
  -v, --verbose       print each HTTP answer's status, X-Served-By, X-Cache-Status,
                      X-Request-ID and time, on standard error

  Exit status: 0 the result was printed (nothing for a void or oneway method); 1 the
  server answered with a declared exception or a TApplicationException, printed as
  {"exception": NAME, "fields": {...}}; 2 a usage, IDL or argument mistake (nothing was
  sent); 3 a transport or HTTP failure, with the status and JSON error body on
  standard error.
`;

/** What `thrift-http call` was asked to do. */
export interface CallCommand {
  readonly idl: string;
  readonly includeDirs: readonly string[];
  readonly service: string | undefined;
  readonly url: string;
  readonly method: string;
  /** The JSON text of the arguments. */
  readonly args: string;
  readonly protocol: ProtocolName;
  readonly auth: ClientAuth | undefined;
  readonly ca: Buffer | undefined;
  readonly http2: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number | undefined;
  readonly post: boolean;
  readonly pretty: boolean;
  readonly verbose: boolean;
}

const protocols: readonly ProtocolName[] = ["binary", "compact", "json"];

/** The command line, checked; `"help"` for --help. Throws a `UsageError` for any mistake. */
export async function parseCallCommand(args: readonly string[], io: CliIo): Promise<CallCommand | "help"> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        ...idlOptions,
        protocol: { type: "string" },
        auth: { type: "string" },
        bearer: { type: "string" },
        ca: { type: "string" },
        http2: { type: "boolean" },
        header: { type: "string", short: "H", multiple: true },
        "timeout-ms": { type: "string" },
        post: { type: "boolean" },
        pretty: { type: "boolean" },
        verbose: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (values.idl === undefined) throw new UsageError("--idl FILE is required: the IDL of the service called");
  if (positionals.length < 2 || positionals.length > 3) {
    throw new UsageError(
      `expected URL METHOD [ARGS], got ${positionals.length} argument${positionals.length === 1 ? "" : "s"}`,
    );
  }
  const [url, method, argsSource] = positionals as [string, string, string | undefined];
  const protocol = values.protocol ?? "binary";
  if (!protocols.includes(protocol as ProtocolName)) {
    throw new UsageError(`--protocol must be ${protocols.join(", ")}, got ${JSON.stringify(protocol)}`);
  }
  return {
    idl: values.idl,
    includeDirs: values.include ?? [],
    service: values.service,
    url,
    method,
    args: await argumentsText(argsSource, io),
    protocol: protocol as ProtocolName,
    auth: credentials(values.auth, values.bearer, io.env),
    ca: values.ca === undefined ? undefined : readFile(values.ca, "--ca"),
    http2: values.http2 ?? false,
    headers: headers(values.header ?? []),
    timeoutMs: values["timeout-ms"] === undefined ? undefined : timeout(values["timeout-ms"]),
    post: values.post ?? false,
    pretty: values.pretty ?? false,
    verbose: values.verbose ?? false,
  };
}

async function argumentsText(source: string | undefined, io: CliIo): Promise<string> {
  if (source === undefined) return "{}";
  if (source === "-") return io.stdin();
  if (source.startsWith("@")) return readFile(source.slice(1), "ARGS").toString("utf8");
  return source;
}

/** `--auth` or `--bearer`, else the same from the environment (keeping secrets out of the process list). */
function credentials(auth: string | undefined, bearer: string | undefined, env: CliIo["env"]): ClientAuth | undefined {
  if (auth !== undefined && bearer !== undefined) throw new UsageError("give --auth or --bearer, not both");
  const basic = auth ?? (bearer === undefined ? nonEmpty(env["THRIFT_HTTP_AUTH"]) : undefined);
  const token = bearer ?? (auth === undefined ? nonEmpty(env["THRIFT_HTTP_BEARER"]) : undefined);
  if (basic !== undefined && token !== undefined) {
    throw new UsageError("THRIFT_HTTP_AUTH and THRIFT_HTTP_BEARER are both set: unset one, or give --auth or --bearer");
  }
  if (token !== undefined) return { bearer: token };
  if (basic === undefined) return undefined;
  const colon = basic.indexOf(":");
  if (colon < 1) throw new UsageError(`${auth === undefined ? "THRIFT_HTTP_AUTH" : "--auth"} must be USER:PASSWORD`);
  return { basic: { username: basic.slice(0, colon), password: basic.slice(colon + 1) } };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function headers(given: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const header of given) {
    const colon = header.indexOf(":");
    if (colon < 1) throw new UsageError(`--header must be NAME:VALUE, got ${JSON.stringify(header)}`);
    const name = header.slice(0, colon).trim();
    if (Object.keys(result).some((known) => known.toLowerCase() === name.toLowerCase())) {
      throw new UsageError(`--header ${name} is given twice`);
    }
    result[name] = header.slice(colon + 1).trim();
  }
  return result;
}

function timeout(text: string): number {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--timeout-ms must be a positive whole number of milliseconds, got ${JSON.stringify(text)}`);
  }
  return value;
}

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(
      `${what}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
