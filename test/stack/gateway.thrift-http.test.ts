// thrift-http call through the gateway, as `make call` runs it: the service's IDL, the
// run's CA, a Bearer token in the environment, HTTP/2; -v shows what the gateway did.
import { join } from "node:path";
import { runThriftHttp, type CliIo } from "@starter/shared/tools";
import { callers, stack, unique } from "./stack";

const root = join(__dirname, "..", "..");

/** `thrift-http call --idl services/<service>/<service>.thrift --ca <CA> --http2 [ARGS...] <gateway>/<service> METHOD JSON`. */
async function call(
  service: string,
  method: string,
  args: unknown,
  options: { flags?: string[]; token?: string } = {},
) {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    env: { THRIFT_HTTP_BEARER: options.token ?? callers.ci.bearer },
    stdin: async () => "",
  };
  const idl = join(root, "services", service, `${service}.thrift`);
  const caFile = process.env["STACK_CA_FILE"]!;
  const argv = [
    "call",
    "--idl",
    idl,
    "--ca",
    caFile,
    "--http2",
    ...(options.flags ?? []),
    `${stack.gatewayUrl}/${service}`,
    method,
    JSON.stringify(args),
  ];
  const status = await runThriftHttp(argv, io);
  return { status, out, err };
}

/** The x-cache-status lines of a -v report. */
const cacheStatuses = (err: string) => [...err.matchAll(/^ {2}x-cache-status: (\S+)$/gm)].map((match) => match[1]);

describe("thrift-http call through the gateway", () => {
  test("When a key is put, then read twice with -v Then the reads print the entry, the second from the gateway's cache", async () => {
    const key = unique("cli");
    const entry = { key, value: "aGk=", version: "1" };

    expect(await call("data", "put", { key, value: "aGk=" })).toEqual({
      status: 0,
      out: `${JSON.stringify(entry)}\n`,
      err: "",
    });
    const first = await call("data", "get", { key }, { flags: ["-v"] });
    const second = await call("data", "get", { key }, { flags: ["-v"] });

    expect([first.status, first.out, cacheStatuses(first.err)]).toEqual([0, `${JSON.stringify(entry)}\n`, ["MISS"]]);
    expect([second.status, second.out, cacheStatuses(second.err)]).toEqual([0, `${JSON.stringify(entry)}\n`, ["HIT"]]);
    expect(second.err).toMatch(
      /^\* GET https:\/\/127\.0\.0\.1:\d+\/data\/get\?m=…: HTTP 200 after [\d.]+ ms \(attempt 1\)\n {2}x-served-by: \S+\n/,
    );
  });

  test("When the key is missing Then the declared exception is printed and the status is 1", async () => {
    const key = unique("absent");
    const printed = { exception: "KeyNotFound", fields: { key, message: `no entry for key "${key}"` } };

    expect(await call("data", "get", { key })).toEqual({ status: 1, out: `${JSON.stringify(printed)}\n`, err: "" });
  });

  test("When the token is wrong Then the gateway's 401 and its JSON body are printed and the status is 3", async () => {
    expect(await call("echo", "echo", { req: { msg: "hi" } }, { token: "wrong" })).toEqual({
      status: 3,
      out: "",
      err: 'thrift-http: HTTP 401\n{"code":"unauthenticated","message":"missing or invalid credentials"}\n',
    });
  });
});
