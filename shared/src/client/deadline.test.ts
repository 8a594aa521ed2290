// The client's deadlines: a call rejects with TimeoutError at its deadline, its request
// aborted, retries stop there, and the time left travels as Thrift-Timeout-Ms.
import { AbortError, createClient, TimeoutError, type CallContext, type ClientOptions } from "@starter/shared/client";
import { closeAll, track } from "./__fixtures__/resources";
import { replyThrift, sendStatus } from "./__fixtures__/replies";
import { startServer, type Script } from "./__fixtures__/servers";
import { Store } from "./__fixtures__/store";

afterEach(closeAll);
afterEach(() => jest.restoreAllMocks());

const answer: Script = (exchange, response) => replyThrift(exchange, response, { kind: "success", value: 1 });
const neverAnswer: Script = () => undefined;

async function serve(script: Script, options: Partial<ClientOptions> = {}) {
  const server = track(await startServer(script));
  const client = track(createClient(Store, { url: `${server.url}/store`, ...options }));
  return { server, client };
}

function contextOf(overrides: Partial<CallContext> = {}): CallContext {
  return {
    requestId: "req-123",
    deadline: Date.now() + 60_000,
    signal: new AbortController().signal,
    identity: undefined,
    headers: {},
    ...overrides,
  };
}

/** The `Thrift-Timeout-Ms` each request carried. */
function timeouts(server: { exchanges: { headers: Record<string, unknown> }[] }): number[] {
  return server.exchanges.map((exchange) => Number(exchange.headers["thrift-timeout-ms"]));
}

describe("deadlines", () => {
  it("When the server never answers Then the call rejects with a TimeoutError at its deadline and the request is aborted", async () => {
    const { server, client } = await serve(neverAnswer);
    const started = Date.now();

    const error = await client.add("k", 1, { timeoutMs: 200 }).catch((caught: unknown) => caught);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      code: "timeout",
      timeoutMs: 200,
      message: "The call did not complete within its deadline of 200 ms",
    });
    expect(elapsed).toBeGreaterThanOrEqual(199);
    expect(elapsed).toBeLessThan(400);
    await server.exchanges[0]!.closed;
  });

  it("When an idempotent call times out Then it is not retried past its deadline", async () => {
    const { server, client } = await serve(neverAnswer, { retry: { baseDelayMs: 1 } });

    await expect(client.put("k", "v", { timeoutMs: 100 })).rejects.toBeInstanceOf(TimeoutError);
    expect(server.exchanges).toHaveLength(1);
  });

  it("sends the time left as Thrift-Timeout-Ms: the call's, else the method's, else the client's", async () => {
    const { server, client } = await serve(answer, { timeoutMs: 3000 });

    await client.add("k", 1, { timeoutMs: 700 });
    await client.put("k", "v"); // timeout_ms = 2000 in the IDL
    await client.add("k", 1);
    const [call, method, fallback] = timeouts(server);
    expect([
      call! <= 700 && call! > 600,
      method! <= 2000 && method! > 1900,
      fallback! <= 3000 && fallback! > 2900,
    ]).toEqual([true, true, true]);
  });

  it("When a retry is sent Then it carries the time left, not the original timeout", async () => {
    let calls = 0;
    const { server, client } = await serve(
      (exchange, response) => {
        if (calls++ === 0) setTimeout(() => sendStatus(response, 503), 150);
        else answer(exchange, response);
      },
      { retry: { baseDelayMs: 1, maxDelayMs: 1 } },
    );

    await client.put("k", "v", { timeoutMs: 1000 });
    const [first, second] = timeouts(server);
    expect(first! - second!).toBeGreaterThanOrEqual(145);
  });

  it("When the pool is busy Then a queued call still times out at its deadline, without being sent", async () => {
    const { server, client } = await serve(neverAnswer, { maxConnections: 1 });

    const busy = client.add("k", 1, { timeoutMs: 1000 }).catch((caught: unknown) => caught);
    const started = Date.now();
    await expect(client.add("k", 2, { timeoutMs: 100 })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(300);
    expect(await busy).toBeInstanceOf(TimeoutError);
    expect(server.exchanges).toHaveLength(1);
  });
});

describe("context propagation", () => {
  it("When called with a handler's context Then its request id and earlier deadline are passed on", async () => {
    const { server, client } = await serve(answer);

    await client.add("k", 1, { context: contextOf({ deadline: Date.now() + 500 }), timeoutMs: 5000 });
    await client.add("k", 1, { context: contextOf({ deadline: Date.now() + 60_000 }), timeoutMs: 300 });
    const [shortContext, shortCall] = timeouts(server);
    expect([shortContext! <= 500 && shortContext! > 400, shortCall! <= 300 && shortCall! > 200]).toEqual([true, true]);
    expect(server.exchanges.map((exchange) => exchange.headers["x-request-id"])).toEqual(["req-123", "req-123"]);
  });

  it("When a call is retried Then every attempt carries the same request id", async () => {
    let calls = 0;
    const { server, client } = await serve(
      (exchange, response) => (calls++ === 0 ? sendStatus(response, 503) : answer(exchange, response)),
      { retry: { baseDelayMs: 1 } },
    );

    await client.put("k", "v");
    const [first, second] = server.exchanges.map((exchange) => exchange.headers["x-request-id"]);
    expect(second).toBe(first);
  });

  it("When the context's deadline has passed Then the call times out without being sent", async () => {
    const { server, client } = await serve(answer);

    await expect(client.add("k", 1, { context: contextOf({ deadline: Date.now() - 1 }) })).rejects.toMatchObject({
      code: "timeout",
      timeoutMs: 0,
    });
    expect(server.exchanges).toEqual([]);
  });

  it("When the context's signal aborts Then the call rejects with an AbortError and the request is aborted", async () => {
    const { server, client } = await serve(neverAnswer);
    const caller = new AbortController();

    const call = client
      .add("k", 1, { context: contextOf({ signal: caller.signal }) })
      .catch((caught: unknown) => caught);
    await server.received();
    caller.abort(new Error("caller went away"));
    const error = await call;
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({
      code: "aborted",
      message: "The call was aborted",
      cause: new Error("caller went away"),
    });
    await server.exchanges[0]!.closed;
  });
});

describe("cancellation", () => {
  it("When the caller's signal aborts mid-call Then the call rejects with an AbortError and the request is aborted", async () => {
    const { server, client } = await serve(neverAnswer);
    const controller = new AbortController();

    const call = client.put("k", "v", { signal: controller.signal }).catch((caught: unknown) => caught);
    await server.received();
    controller.abort();
    expect(await call).toBeInstanceOf(AbortError);
    await server.exchanges[0]!.closed;
    expect(server.exchanges).toHaveLength(1);
  });

  it("When the signal is already aborted Then nothing is sent", async () => {
    const { server, client } = await serve(answer);

    await expect(client.get("k", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(server.exchanges).toEqual([]);
  });

  it("When the signal aborts during the backoff Then the call rejects at once, without another attempt", async () => {
    const { server, client } = await serve((_exchange, response) => sendStatus(response, 503), {
      retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 },
    });
    jest.spyOn(Math, "random").mockReturnValue(0.5);
    const controller = new AbortController();

    const call = client
      .put("k", "v", { signal: controller.signal, timeoutMs: 20_000 })
      .catch((caught: unknown) => caught);
    await server.received();
    controller.abort();
    expect(await call).toBeInstanceOf(AbortError);
    expect(server.exchanges).toHaveLength(1);
  });

  it("When a per-call timeout is not a number Then the call rejects with a TypeError", async () => {
    const { client } = await serve(answer);

    await expect(client.add("k", 1, { timeoutMs: Number.NaN })).rejects.toThrow(
      new TypeError("timeoutMs must be a non-negative number, got NaN"),
    );
  });
});
