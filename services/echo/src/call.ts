// Calls echo once with the generated client and prints the reply: the smallest
// complete caller, and the one-liner behind `make call-echo MSG=hi`.
//
//   node dist/call.js [--url URL] [--ca FILE] [--http2] [message]
//
// Credentials come from the environment, in the services' own format: the Bearer
// token of AUTH_BEARER_TOKENS (`name:token,…`), else the first AUTH_BASIC_USERS user.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ClientError, createClient, parseCredentials, type ClientAuth } from "@starter/shared/client";
import { Echo } from "./gen/echo";

function credentials(env: NodeJS.ProcessEnv): ClientAuth | undefined {
  const [token] = parseCredentials(env["AUTH_BEARER_TOKENS"] ?? "", "AUTH_BEARER_TOKENS").values();
  if (token !== undefined) return { bearer: token };
  const [user] = parseCredentials(env["AUTH_BASIC_USERS"] ?? "", "AUTH_BASIC_USERS");
  return user && { basic: { username: user[0], password: user[1] } };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: "string", default: "https://localhost:8443/echo" },
      ca: { type: "string" },
      http2: { type: "boolean", default: false },
    },
  });
  const client = createClient(Echo, {
    url: values.url,
    ca: values.ca === undefined ? undefined : readFileSync(values.ca),
    http2: values.http2,
    auth: credentials(process.env),
  });
  try {
    const reply = await client.echo({ msg: positionals.join(" ") || "hello" });
    console.log(JSON.stringify(reply));
  } finally {
    await client.close();
  }
}

main().catch((error: unknown) => {
  // A failed call is the caller's answer, not a crash: print its code and message only.
  console.error(error instanceof ClientError ? `${error.code}: ${error.message}` : String(error));
  process.exitCode = 1;
});
