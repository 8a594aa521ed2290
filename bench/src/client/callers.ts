// The client contestants: each makes the same echo call to the same server. undici's own
// request loop, sending the pre-encoded call, is the baseline of any client on undici;
// with our encode/decode added it shows what the message layer costs on its own.
import { Pool } from "undici";
import { createClient } from "@starter/shared/client";
import { decodeReply, encodeCall } from "@starter/shared/core";
import { Echo } from "@starter/echo/dist/gen/echo";
import { apache, EchoReq, EchoService } from "../apache";

export interface Caller {
  call(): Promise<unknown>;
  close(): Promise<void>;
}

export const callerNames = ["ours", "apache", "undici", "undici+codec"] as const;
/** Callers of the compression rows only: our client gzipping every request body. */
export const compressionCallerNames = ["ours+gzip"] as const;
export type CallerName = (typeof callerNames)[number] | (typeof compressionCallerNames)[number];

export const callerLabels: Record<CallerName, string> = {
  ours: "ours: createClient",
  apache: "Apache createHttpConnection",
  undici: "undici request, pre-encoded call",
  "undici+codec": "undici request + encodeCall/decodeReply",
  "ours+gzip": "ours: createClient, sendCompression gzip",
};

const echo = Echo.methods.echo;
const headers = { "content-type": "application/x-thrift", accept: "application/x-thrift" };
/** Our client's default pool size, given to the undici pools too. */
const connections = 64;

export function createCaller(name: CallerName, origin: string, msg: string): Caller {
  switch (name) {
    case "ours": {
      const client = createClient(Echo, { url: `${origin}/echo` });
      return { call: () => client.echo({ msg }), close: () => client.close() };
    }
    case "ours+gzip": {
      // Every body compressed, the small ones too: what it costs at each size.
      const client = createClient(Echo, { url: `${origin}/echo`, sendCompression: "gzip", compressMinBytes: 0 });
      return { call: () => client.echo({ msg }), close: () => client.close() };
    }
    case "apache": {
      const { hostname, port } = new URL(origin);
      const connection = apache.createHttpConnection(hostname, Number(port), { path: "/echo" });
      // The connection reports failures as events, not through the call's promise.
      connection.on("error", (error: unknown) => {
        console.error(error);
        process.exit(1);
      });
      const client = apache.createHttpClient(EchoService.Client, connection);
      return { call: () => client.echo(new EchoReq({ msg })), close: async () => {} };
    }
    case "undici": {
      const pool = new Pool(origin, { connections });
      const body = encodeCall(echo, [{ msg }], 0, "binary");
      return { call: () => post(pool, body), close: () => pool.close() };
    }
    case "undici+codec": {
      const pool = new Pool(origin, { connections });
      const call = async () => decodeReply(echo, await post(pool, encodeCall(echo, [{ msg }], 0, "binary")), "binary");
      return { call, close: () => pool.close() };
    }
  }
}

async function post(pool: Pool, body: Buffer): Promise<Buffer> {
  const reply = await pool.request({ path: "/echo", method: "POST", headers, body });
  const bytes = Buffer.from(await reply.body.arrayBuffer());
  if (reply.statusCode !== 200) throw new Error(`HTTP ${reply.statusCode}`);
  return bytes;
}
