// One call to each contestant before any load, checked by decoding the reply: wrk counts
// replies, so a contestant answering errors quickly must fail here, not win the table.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Agent, request } from "undici";
import { decodeReply } from "@starter/shared/core";
import { DataService } from "@starter/data/dist/gen/data";
import { Echo } from "@starter/echo/dist/gen/echo";
import type { Contestant, Target } from "./contestants";
import type { Payload } from "./payloads";

export async function checkContestants(
  contestants: readonly Contestant[],
  payloads: readonly Payload[],
  ca: string,
): Promise<void> {
  const dispatcher = new Agent({ connect: { ca } });
  const http2 = new Agent({ connect: { ca }, allowH2: true });
  try {
    for (const contestant of contestants) {
      for (const payload of payloads) {
        const problem = await check(contestant.target(payload), payload, contestant.http2 ? http2 : dispatcher).catch(
          (error: Error) => `no answer: ${error.message}`,
        );
        if (problem) throw new Error(`${contestant.label}, ${payload.name}: ${problem}`);
      }
    }
  } finally {
    await Promise.all([dispatcher.close(), http2.close()]);
  }
}

/** What is wrong with the contestant's answer, if anything. */
async function check(target: Target, payload: Payload, dispatcher: Agent): Promise<string | undefined> {
  const body = target.bodyFile === undefined ? undefined : readFileSync(target.bodyFile);
  const send = async () => {
    const { headers } = target;
    const reply = await request(target.url, { method: body ? "POST" : "GET", headers, body, dispatcher });
    const bytes = Buffer.from(await reply.body.arrayBuffer());
    // A contestant asking for gzip may get it (from the gateway's threshold on).
    const inflated = reply.headers["content-encoding"] === "gzip" ? gunzipSync(bytes) : bytes;
    return { status: reply.statusCode, cache: reply.headers["x-cache-status"], body: inflated };
  };
  const reply = await ready(send);
  if (reply.status !== 200) return `HTTP ${reply.status}: ${reply.body.toString("utf8", 0, 200)}`;
  const described = (outcome: unknown) => JSON.stringify(outcome).slice(0, 200);
  if (body) {
    const outcome = decodeReply(Echo.methods.echo, reply.body, "binary");
    const echoed = outcome.kind === "success" && (outcome.value as { msg: string }).msg === payload.message;
    return echoed ? undefined : `the reply is not the echo of the call: ${described(outcome)}`;
  }
  const outcome = decodeReply(DataService.methods.get, reply.body, "binary");
  const value = outcome.kind === "success" ? (outcome.value as { value: Buffer }).value : undefined;
  if (value?.toString() !== payload.message) return `the reply is not the stored entry: ${described(outcome)}`;
  // The first call may have filled the cache; the second must come from it.
  const again = await send();
  return again.cache === "HIT" ? undefined : `the second call was no cache hit (X-Cache-Status ${String(again.cache)})`;
}

// A port that accepts is not yet a server that answers: in one start of three on this
// machine a first call was reset (ECONNRESET, the whole bench lost; which contestant, the
// error did not say). The first call is retried on connection errors for up to 5 s, as a
// readiness check; any answer ends the wait, and a last error names the contestant.
const connectionErrors = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "UND_ERR_SOCKET"]);

async function ready<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 20 || code === undefined || !connectionErrors.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
