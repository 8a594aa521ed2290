// The client's retries: which statuses and failures are retried for which methods, how
// often, with which backoff, and that a call with side effects is sent once.
import { Pool, type Dispatcher } from "undici";
import { createClient, HttpStatusError, TransportError, type ClientOptions } from "@starter/shared/client";
import { parseRetryAfter, retryDelayMs } from "./retry";
import { closeAll, track } from "./__fixtures__/resources";
import { replyJson, replyThrift } from "./__fixtures__/replies";
import { closedPort, startServer, type Script } from "./__fixtures__/servers";
import { Store } from "./__fixtures__/store";

afterEach(closeAll);
afterEach(() => jest.restoreAllMocks());

const fastRetries: Partial<ClientOptions> = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };

/** A server failing with `statuses` in turn, then answering every call. */
async function serveFailing(
  statuses: number[],
  options: Partial<ClientOptions> = {},
  headers: Record<string, string> = {},
) {
  const failures = [...statuses];
  const script: Script = (exchange, response) => {
    const status = failures.shift();
    if (status === undefined)
      replyThrift(exchange, response, { kind: "success", value: exchange.method === "GET" ? "v" : 1 });
    else replyJson(response, status, { code: "unavailable", message: `failure ${status}` }, headers);
  };
  const server = track(await startServer(script));
  const client = track(createClient(Store, { url: `${server.url}/store`, ...fastRetries, ...options }));
  return { server, client, failures };
}

/** A dispatcher counting the requests handed to it (connection refused never reaches a server). */
function countingPool(url: string): { dispatcher: Dispatcher; dispatched: () => number } {
  let count = 0;
  const pool = track(new Pool(url));
  const dispatcher = pool.compose((dispatch) => (options, handler) => {
    count++;
    return dispatch(options, handler);
  });
  return { dispatcher, dispatched: () => count };
}

describe("retries", () => {
  it.each([502, 503, 504])(
    "When an idempotent call gets %i twice Then the third attempt's answer is the result",
    async (status) => {
      const { server, client } = await serveFailing([status, status]);

      await expect(client.put("k", "v")).resolves.toBeUndefined();
      expect(server.exchanges).toHaveLength(3);
    },
  );

  it("When a side-effect-free call keeps getting 503 Then it makes maxAttempts attempts and rejects with the last answer", async () => {
    const { server, client } = await serveFailing([503, 503, 503, 503]);

    const error = await client.get("k").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 503, serverCode: "unavailable", message: "HTTP 503: failure 503" });
    expect(server.exchanges.map((exchange) => exchange.method)).toEqual(["GET", "GET", "GET"]);
  });

  it("When a call that may have side effects gets 503 Then it is sent exactly once", async () => {
    const { server, client } = await serveFailing([503]);

    await expect(client.add("k", 1)).rejects.toMatchObject({ status: 503 });
    expect(server.exchanges).toHaveLength(1);
  });

  it("When a oneway call gets 503 Then it is sent exactly once", async () => {
    const { server, client } = await serveFailing([503]);

    await expect(client.notify("m")).rejects.toMatchObject({ status: 503 });
    expect(server.exchanges).toHaveLength(1);
  });

  it.each([400, 401, 404, 413, 500])("When an idempotent call gets %i Then it is not retried", async (status) => {
    const { server, client } = await serveFailing([status]);

    await expect(client.put("k", "v")).rejects.toMatchObject({ code: "http_status", status });
    expect(server.exchanges).toHaveLength(1);
  });

  it("When the connection is refused Then an idempotent call is retried and a non-idempotent one is not", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const idempotent = countingPool(url);
    const other = countingPool(url);
    const options = { ...fastRetries, url: `${url}/store` };

    const error = await createClient(Store, { ...options, dispatcher: idempotent.dispatcher })
      .put("k", "v")
      .catch((caught: unknown) => caught);
    await expect(createClient(Store, { ...options, dispatcher: other.dispatcher }).add("k", 1)).rejects.toBeInstanceOf(
      TransportError,
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: "transport", cause: { code: "ECONNREFUSED" } });
    expect([idempotent.dispatched(), other.dispatched()]).toEqual([3, 1]);
  });

  it("When retry.maxAttempts is 1 Then nothing is retried", async () => {
    const { server, client } = await serveFailing([503], { retry: { maxAttempts: 1 } });

    await expect(client.put("k", "v")).rejects.toMatchObject({ status: 503 });
    expect(server.exchanges).toHaveLength(1);
  });

  it("When a 429 says when to come back within the deadline Then the call is retried after that delay", async () => {
    const { server, client } = await serveFailing([429], {}, { "retry-after": "1" });
    const started = Date.now();

    await expect(client.put("k", "v")).resolves.toBeUndefined();
    expect(server.exchanges).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("When a 429 has no Retry-After Then it is not retried", async () => {
    const { server, client } = await serveFailing([429]);

    await expect(client.put("k", "v")).rejects.toMatchObject({ status: 429, retryAfterMs: undefined });
    expect(server.exchanges).toHaveLength(1);
  });

  it("When the wait before a retry would pass the deadline Then the call fails at once with the last error", async () => {
    const { server, client } = await serveFailing([503], { timeoutMs: 500 }, { "retry-after": "5" });
    const started = Date.now();

    await expect(client.put("k", "v", { timeoutMs: 500 })).rejects.toMatchObject({ status: 503, retryAfterMs: 5000 });
    expect(server.exchanges).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("When the backoff grows Then the waits double from baseDelayMs up to maxDelayMs", async () => {
    jest.spyOn(Math, "random").mockReturnValue(0.999);
    const { server, client } = await serveFailing([503, 503, 503, 503], {
      retry: { maxAttempts: 5, baseDelayMs: 40, maxDelayMs: 60 },
    });
    const start = Date.now();

    await client.put("k", "v");
    expect(server.exchanges).toHaveLength(5);
    // 40 + 60 + 60 + 60 ms of backoff at the least (jitter pinned near its cap).
    expect(Date.now() - start).toBeGreaterThanOrEqual(215);
  });
});

describe("retry budget", () => {
  it("When calls keep failing Then retries stop once half the budget is spent, and resume as calls succeed", async () => {
    const { server, client, failures } = await serveFailing(Array<number>(6).fill(503), {
      retryBudget: { maxTokens: 10, tokenRatio: 1 },
    });
    const attempts = async () => {
      const before = server.exchanges.length;
      await client.put("k", "v").catch(() => undefined);
      return server.exchanges.length - before;
    };

    // Tokens 10 → 9, 8 (retry while above 5) → 7 (out of attempts); 6 → 5 (stop); 4 (stop).
    expect([await attempts(), await attempts(), await attempts()]).toEqual([3, 2, 1]);
    // The server recovers: each answered call gives a token back, 4 → 5 → 6 → 7.
    expect([await attempts(), await attempts(), await attempts()]).toEqual([1, 1, 1]);
    // 7 → 6 is above half again: the next failure is retried.
    failures.push(503);
    expect(await attempts()).toBe(2);
  });
});

describe("retryDelayMs", () => {
  const retry = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

  it("draws the delay uniformly below the capped exponential backoff", () => {
    jest.spyOn(Math, "random").mockReturnValue(0.5);
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(new Error(), attempt, retry))).toEqual([
      50, 100, 200, 400, 500,
    ]);
  });

  it("never waits less than a Retry-After", () => {
    jest.spyOn(Math, "random").mockReturnValue(0);
    expect(retryDelayMs(new HttpStatusError(429, "HTTP 429", undefined, 3000), 1, retry)).toBe(3000);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates, and nothing else", () => {
    jest.spyOn(Date, "now").mockReturnValue(Date.parse("Wed, 21 Oct 2026 07:28:00 GMT"));
    expect(
      [
        "120",
        "Wed, 21 Oct 2026 07:28:30 GMT",
        "Wed, 21 Oct 2026 07:00:00 GMT",
        "soon",
        "-1",
        undefined,
        ["1", "2"],
      ].map(parseRetryAfter),
    ).toEqual([120_000, 30_000, 0, undefined, undefined, undefined, undefined]);
  });
});
