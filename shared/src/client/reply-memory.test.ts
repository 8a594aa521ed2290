// What a large reply costs the client in memory: about its size, however it is chunked.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Pool, type Dispatcher } from "undici";
import { createClient } from "@starter/shared/client";
import { contentTypes, encodeReply } from "@starter/shared/core";
import { startChunkedServer } from "./__fixtures__/child";
import { closeAll, track } from "./__fixtures__/resources";
import { Store } from "./__fixtures__/store";

afterEach(closeAll);

const MiB = 1024 * 1024;

// Full collections before each reading, so that only live memory is counted.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function liveBytes(): number {
  // One collection can leave what only its finalizers release: collect until it settles.
  let bytes = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    gc();
    const { heapUsed, external } = process.memoryUsage();
    const now = heapUsed + external; // external includes the Buffers' ArrayBuffers
    if (now > bytes - 64 * 1024) return now;
    bytes = now;
  }
  return bytes;
}

/**
 * A pool whose last request reports, when its reply has fully arrived (before the
 * client's handler sees the end), how much more memory is live than before the call.
 */
function measuringPool(url: string): { dispatcher: Dispatcher; growth: () => number } {
  let before = 0;
  let growth = Number.NaN;
  const pool = track(new Pool(url));
  const dispatcher = pool.compose((dispatch) => (options, handler) => {
    before = liveBytes();
    return dispatch(options, {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onResponseStart: (controller, status, headers, text) =>
        handler.onResponseStart?.(controller, status, headers, text),
      onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => {
        growth = liveBytes() - before;
        handler.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
    });
  });
  return { dispatcher, growth: () => growth };
}

describe("reply memory", () => {
  // Half a MiB of reply in 1-byte chunks: half a million pieces for the client to gather.
  const value = "x".repeat(MiB / 2);
  const reply = encodeReply(Store.methods.get!, 0, "binary", { kind: "success", value });

  it.each([1, 64 * 1024])(
    "When a 512 KiB reply comes in %i-byte chunks Then the client holds about its size, not a buffer per chunk",
    async (chunkBytes) => {
      const server = track(await startChunkedServer(reply, chunkBytes, contentTypes.binary));
      const { dispatcher, growth } = measuringPool(server.url);
      const client = createClient(Store, { url: `${server.url}/store`, dispatcher, timeoutMs: 60_000 });

      // The first call grows what undici keeps for any later one (its parser's memory).
      await expect(client.get("k")).resolves.toBe(value);
      await expect(client.get("k")).resolves.toBe(value);
      // Grown by doubling, the body takes at most twice the reply; 2 MiB more for sockets and undici.
      expect(growth()).toBeLessThan(2 * reply.length + 2 * MiB);
    },
    30_000,
  ); // a million callbacks: seconds on a busy machine
});
