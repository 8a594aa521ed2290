// The client against the real server: the framework-free service core behind the
// Koa router, on 127.0.0.1, port 0. (The generated echo, data and user clients are
// tested against their apps in each service's app.test.ts.)
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import Koa from "koa";
import { Thrift } from "thrift";
import {
  ApplicationError,
  createClient,
  HttpStatusError,
  TimeoutError,
  type CallContext,
  type ClientOptions,
  type ProtocolName,
  type ServiceDefinition,
} from "@starter/shared/client";
import { createThriftService } from "@starter/shared/core";
import { createThriftRouter } from "../koa/router";
import { closeAll, track } from "./__fixtures__/resources";
import { NotFound, Store, type StoreClient, type StoreHandler } from "./__fixtures__/store";

afterEach(closeAll);

/** What a handler saw of its caller. */
interface Seen {
  requestId: string;
  timeLeftMs: number;
}

/** An in-memory Store recording the context of every call in `seen`. */
function storeHandler(seen: Seen[]): StoreHandler {
  const values = new Map<string, string>();
  const note = (ctx: CallContext) => seen.push({ requestId: ctx.requestId, timeLeftMs: ctx.deadline - Date.now() });
  return {
    async get(key, ctx) {
      note(ctx);
      const value = values.get(key);
      if (value === undefined) throw new NotFound(key);
      return value;
    },
    async put(key, value, ctx) {
      note(ctx);
      values.set(key, value);
    },
    async add(key, delta, ctx) {
      note(ctx);
      const sum = Number(values.get(key) ?? 0) + delta;
      values.set(key, String(sum));
      return sum;
    },
    async notify(message, ctx) {
      note(ctx);
      values.set("notice", message);
    },
  };
}

/** Serves `handler` at /store with the Koa router; `requests` lists each request as "METHOD /path". */
async function startStore(handler: StoreHandler, options: Partial<ClientOptions> = {}) {
  const requests: string[] = [];
  const app = new Koa();
  app.use((ctx, next) => {
    requests.push(`${ctx.method} ${ctx.path}`);
    return next();
  });
  const router = createThriftRouter({ "/store": createThriftService(Store, handler) });
  app.use(router.routes()).use(router.allowedMethods());
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  track({
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/store`;
  const client = track(createClient(Store, { url, ...options }));
  return { url, requests, client };
}

/** A client of `url` whose IDL differs from the server's. */
function createSkewedClient(url: string, methods: ServiceDefinition["methods"]) {
  return track(
    createClient({ name: "Store", methods } as ServiceDefinition<unknown, StoreClient & { compact(): Promise<void> }>, {
      url,
    }),
  );
}

describe("client ↔ Koa server", () => {
  it.each<ProtocolName>(["binary", "compact", "json"])(
    "When called in %s Then calls and replies round-trip",
    async (protocol) => {
      const { client, requests } = await startStore(storeHandler([]), { protocol });

      await expect(client.add("n", 41)).resolves.toBe(41);
      await expect(client.get("n")).resolves.toBe("41");
      expect(requests).toEqual(["POST /store", "GET /store/get"]);
    },
  );

  it("sends reads as GET and everything else as POST", async () => {
    const { client, requests } = await startStore(storeHandler([]));

    await client.put("k", "v");
    await client.get("k");
    await client.add("n", 1);
    await client.notify("hi");
    expect(requests).toEqual(["POST /store", "GET /store/get", "POST /store", "POST /store"]);
  });

  it("When a read's URL is too long for GET Then it is POSTed and the server answers it the same", async () => {
    const { client, requests } = await startStore(storeHandler([]), { maxGetUrlBytes: 64 });
    const key = "k".repeat(100);

    await client.put(key, "long");
    await expect(client.get(key)).resolves.toBe("long");
    expect(requests).toEqual(["POST /store", "POST /store"]);
  });

  it("When the handler throws a declared exception Then the call rejects with the same class", async () => {
    const { client } = await startStore(storeHandler([]));

    const error = await client.get("missing").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFound);
    expect(error).toMatchObject({ key: "missing", message: "no value for missing" });
  });

  it("When a oneway call is accepted Then it resolves and the server applies it", async () => {
    const { client } = await startStore(storeHandler([]));

    await expect(client.notify("deployed")).resolves.toBeUndefined();
    await expect(client.get("notice")).resolves.toBe("deployed");
  });

  it("When the client gives up Then the handler's signal aborts too", async () => {
    let aborted: Promise<unknown> | undefined;
    const { client } = await startStore({
      ...storeHandler([]),
      add: (_key, _delta, ctx) => {
        aborted = once(ctx.signal, "abort");
        return new Promise(() => undefined);
      },
    });

    await expect(client.add("n", 1, { timeoutMs: 150 })).rejects.toBeInstanceOf(TimeoutError);
    await aborted;
  });

  it("When a handler calls another service with its context Then the request id and the deadline are passed on", async () => {
    const seen: Seen[] = [];
    const back = await startStore(storeHandler(seen));
    const front = await startStore({
      ...storeHandler([]),
      add: async (key, delta, ctx) => {
        await back.client.put(key, String(delta), { context: ctx });
        return delta;
      },
    });
    const context: CallContext = {
      requestId: "trace-42",
      deadline: Date.now() + 800,
      signal: new AbortController().signal,
      identity: undefined,
      headers: {},
    };

    await expect(front.client.add("k", 7, { context })).resolves.toBe(7);
    expect(seen).toEqual([{ requestId: "trace-42", timeLeftMs: expect.any(Number) }]);
    expect(seen[0]!.timeLeftMs).toBeLessThanOrEqual(800);
  });

  it("When the calling context's request id is no id (a line break in it) Then the call goes with a fresh one", async () => {
    const seen: Seen[] = [];
    const { client } = await startStore(storeHandler(seen));
    const context: CallContext = {
      requestId: "trace\r\nX-Forged: 1",
      deadline: Date.now() + 800,
      signal: new AbortController().signal,
      identity: undefined,
      headers: {},
    };

    await expect(client.put("k", "v", { context })).resolves.toBeUndefined();
    expect(seen).toEqual([
      {
        requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        timeLeftMs: expect.any(Number),
      },
    ]);
  });

  it("When the client's IDL says a method has no side effects but the server's does not Then the GET is refused with the server's JSON error", async () => {
    const { url } = await startStore(storeHandler([]));
    const add = Store.methods.add!;
    const client = createSkewedClient(url, {
      add: { ...add, policy: { ...add.policy, idempotency: "no_side_effects" } },
    });

    const error = await client.add("k", 1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({
      status: 405,
      serverCode: "method_not_allowed",
      message: "HTTP 405: Allowed here: POST",
    });
  });

  it("When the client calls a method the server does not have Then the call rejects with an ApplicationError", async () => {
    const { url } = await startStore(storeHandler([]));
    const client = createSkewedClient(url, {
      compact: { ...Store.methods.notify!, name: "compact", oneway: false, argNames: [] },
    });

    const error = await client.compact().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApplicationError);
    expect(error).toMatchObject({
      type: Thrift.TApplicationExceptionType.UNKNOWN_METHOD,
      message: "Unknown method compact",
    });
  });
});
