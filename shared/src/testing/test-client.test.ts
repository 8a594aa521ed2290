// createTestClient: the typed client bound to a handler through the real client and the
// real server core, in memory. The Kitchen fixture (codegen/fixtures/everything.thrift)
// has every kind of method: idempotent, no_side_effects, with declared exceptions, oneway.
import { once } from "node:events";
import {
  ApplicationError,
  closeClient,
  HttpStatusError,
  type CallContext,
  type CallResponse,
} from "@starter/shared/client";
import { loadIdl } from "../codegen/generate";
import { dynamicService } from "../dynamic/definition";
import { Chain, Empty, Kitchen, NotFound, type KitchenHandler } from "../codegen/fixtures/everything";
import { Readable } from "node:stream";
import { createThriftService } from "../core/service";
import { InMemoryDispatcher } from "./in-memory-dispatcher";
import { everything } from "./__fixtures__/everything";
import { createTestClient } from "./test-client";

const value = everything();

/** A Kitchen handler recording each call's context; `overrides` replace its methods. */
function kitchen(overrides: Partial<KitchenHandler> = {}) {
  const contexts: CallContext[] = [];
  const fired: string[] = [];
  const handler: KitchenHandler = {
    async echo(given, ctx) {
      contexts.push(ctx);
      return given;
    },
    async ping() {},
    async shapes(ids) {
      if (ids.length === 0) throw new NotFound({ key: "none" });
      return new Map(ids.map((id) => [id, { case: "radius", value: Number(id) }]));
    },
    async fire(event) {
      fired.push(event);
    },
    async fail() {
      throw new Error("secret detail");
    },
    async simplify(expr) {
      return expr;
    },
    ...overrides,
  };
  return { handler, contexts, fired };
}

describe("createTestClient", () => {
  it.each(["binary", "compact", "json"] as const)(
    "When a method is called in %s Then the handler answers it through the client and the core",
    async (protocol) => {
      const { handler, contexts } = kitchen();
      const client = createTestClient(Kitchen, handler, {
        protocol,
        identity: "tester",
        headers: { "x-tenant": "t1" },
      });

      await expect(client.echo(value)).resolves.toEqual(value);
      expect(contexts[0]).toMatchObject({
        identity: "tester",
        headers: expect.objectContaining({ "x-tenant": "t1" }),
        requestId: expect.any(String),
      });
      await client.close();
    },
  );

  it("When a no_side_effects method is called Then it goes as GET, with the policy's cache headers, as over HTTP", async () => {
    const client = createTestClient(Kitchen, kitchen().handler);
    const responses: CallResponse[] = [];

    await expect(
      client.shapes([1n, 2n], undefined, undefined, { onResponse: (r) => responses.push(r) }),
    ).resolves.toEqual(
      new Map([
        [1n, { case: "radius", value: 1 }],
        [2n, { case: "radius", value: 2 }],
      ]),
    );
    expect(
      responses.map(({ method, status, headers }) => ({ method, status, cache: headers["cache-control"] })),
    ).toEqual([{ method: "GET", status: 200, cache: "public, max-age=60" }]);
  });

  it("When the handler throws a declared exception Then the call rejects with it, an instance of its class", async () => {
    const client = createTestClient(Kitchen, kitchen().handler);

    const error = await client.shapes([]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFound);
    expect(error).toMatchObject({ key: "none" });
  });

  it("When a declared exception holds another, or has no fields Then it arrives whole", async () => {
    const chain = new Chain({ reason: "outer", inner: new Chain({ reason: "inner" }) });
    const throwing = (error: Error) =>
      createTestClient(Kitchen, kitchen({ fail: async () => Promise.reject(error) }).handler).fail();

    await expect(throwing(chain)).rejects.toEqual(chain);
    await expect(throwing(new Empty())).rejects.toBeInstanceOf(Empty);
  });

  it("When the handler fails otherwise Then the call rejects with INTERNAL_ERROR, its message kept from the caller", async () => {
    const client = createTestClient(Kitchen, kitchen().handler);

    const error = await client.fail().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApplicationError);
    expect(error).toMatchObject({ type: 6, message: "Internal error" });
  });

  it("When the handler outlives the service's deadline Then its signal aborts and the call fails with 504", async () => {
    let seen: CallContext | undefined;
    const slow = kitchen({
      simplify: async (expr, _context, _keyed, _words, ctx) => {
        seen = ctx;
        await once(ctx.signal, "abort");
        return expr;
      },
    });
    const client = createTestClient(Kitchen, slow.handler, { service: { maxTimeoutMs: 20 } });

    const error = await client
      .simplify({ case: "literal", value: 1n }, { label: "t" }, {}, {})
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 504, serverCode: "deadline_exceeded" });
    expect(seen?.signal.aborted).toBe(true);
  });

  it("When an idempotent call fails with 504 once Then the client retries it, as over HTTP", async () => {
    let calls = 0;
    const flaky = kitchen({
      echo: async (given, ctx) => {
        if (++calls === 1) await once(ctx.signal, "abort");
        return given;
      },
    });
    const client = createTestClient(Kitchen, flaky.handler, {
      service: { maxTimeoutMs: 20 },
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const attempts: number[] = [];

    await expect(client.echo(value, { onResponse: (r) => attempts.push(r.status) })).resolves.toEqual(value);
    expect(attempts).toEqual([504, 200]);
  });

  it("When the caller aborts Then the call rejects and the handler's signal aborts", async () => {
    let seen: CallContext | undefined;
    let began!: () => void;
    const started = new Promise<void>((resolve) => (began = resolve));
    const waiting = kitchen({
      simplify: async (expr, _context, _keyed, _words, ctx) => {
        seen = ctx;
        began();
        await once(ctx.signal, "abort");
        return expr;
      },
    });
    const client = createTestClient(Kitchen, waiting.handler);
    const abort = new AbortController();

    const call = client.simplify({ case: "literal", value: 1n }, { label: "t" }, {}, {}, { signal: abort.signal });
    await started;
    abort.abort();
    await expect(call).rejects.toMatchObject({ code: "aborted" });
    expect(seen?.signal.aborted).toBe(true);
  });

  it("When arguments cannot be encoded Then the call rejects before the handler is called", async () => {
    const { handler, contexts } = kitchen();
    const client = createTestClient(Kitchen, handler);

    await expect(client.echo({ ...value, anI64: 2n ** 64n })).rejects.toThrow(TypeError);
    expect(contexts).toHaveLength(0);
  });

  it("When oneway calls are made Then close() resolves once their handlers have run", async () => {
    const { handler, fired } = kitchen();
    const client = createTestClient(Kitchen, handler);

    await client.fire("one");
    await client.fire("two");
    await client.close();
    expect(fired).toEqual(["one", "two"]);
  });

  it("When the service has a method named close Then close calls it, and closeClient waits for the oneway calls", async () => {
    const idl = loadIdl(
      "service Door {\n  oneway void knock(1: string who)\n  string close(1: string who)\n}\n",
      "door.thrift",
    );
    const knocked: string[] = [];
    const handler = {
      knock: async (who: string) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        knocked.push(who);
      },
      close: async (who: string) => `closed by ${who}`,
    };
    const client = createTestClient(dynamicService(idl, "Door").definition, handler) as unknown as {
      knock(who: string): Promise<void>;
      close(who: string): Promise<string>;
    };

    await expect(client.close("alice")).resolves.toBe("closed by alice");
    await client.knock("bob");
    await closeClient(client);
    expect(knocked).toEqual(["bob"]);
  });
});

describe("InMemoryDispatcher", () => {
  it("When a request has a streamed body Then it fails as a transport failure, and the service is not called", async () => {
    const { handler, contexts } = kitchen();
    const dispatcher = new InMemoryDispatcher(createThriftService(Kitchen, handler));

    const body = Readable.from([Buffer.from("x")]);
    const failure = await dispatcher
      .request({ origin: "http://in-memory.invalid", path: "/", method: "POST", body })
      .catch((error: unknown) => error);
    expect(failure).toEqual(
      new TypeError("The in-memory dispatcher takes a body as a Buffer, a Uint8Array or a string"),
    );
    expect(contexts).toHaveLength(0);
  });
});
