// createClient against a real HTTP server: which method goes as GET or POST, in which
// content type, with which headers, and what the typed call resolves to.
import { Pool } from "undici";
import { closeClient, createClient, type ClientOptions } from "@starter/shared/client";
import { contentTypes, encodeReply, type ProtocolName, type ServiceDefinition } from "@starter/shared/core";
import { closeAll, track } from "./__fixtures__/resources";
import { callOf, replyThrift, sendBody, sendChunks, sendStatus } from "./__fixtures__/replies";
import { startServer, type Exchange, type Script, type TestServer } from "./__fixtures__/servers";
import { NotFound, Store } from "./__fixtures__/store";

afterEach(closeAll);

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function serve(script: Script, options: Partial<ClientOptions> = {}) {
  const server = track(await startServer(script));
  const client = track(createClient(Store, { url: `${server.url}/store`, ...options }));
  return { server, client };
}

// Answers every call as the Store would: get/add echo their arguments back.
const store: Script = (exchange, response) => {
  const { name, args } = callOf(exchange);
  if (name === "notify") {
    sendStatus(response, 204);
  } else if (name === "get" && args[0] === "missing") {
    replyThrift(exchange, response, { kind: "declared", error: new NotFound("missing") });
  } else {
    const value = name === "get" ? `value of ${String(args[0])}` : name === "add" ? (args[1] as number) + 1 : undefined;
    replyThrift(exchange, response, { kind: "success", value });
  }
};

/** The parts of a request the client decides. */
function shape(server: TestServer): object[] {
  return server.exchanges.map((exchange: Exchange) => ({
    method: exchange.method,
    path: exchange.path.split("?")[0],
    contentType: exchange.headers["content-type"],
    accept: exchange.headers.accept,
    call: callOf(exchange),
  }));
}

describe("createClient", () => {
  it("When a method may have side effects Then it is POSTed to the service URL in the protocol's content type", async () => {
    const { server, client } = await serve(store);

    await expect(client.add("visits", 41)).resolves.toBe(42);
    expect(shape(server)).toEqual([
      {
        method: "POST",
        path: "/store",
        contentType: contentTypes.binary,
        accept: contentTypes.binary,
        call: { name: "add", protocol: "binary", args: ["visits", 41] },
      },
    ]);
  });

  it("When a method has no side effects Then it is sent as GET below the service URL", async () => {
    const { server, client } = await serve(store);

    await expect(client.get("color")).resolves.toBe("value of color");
    expect(shape(server)).toEqual([
      {
        method: "GET",
        path: "/store/get",
        contentType: undefined,
        accept: contentTypes.binary,
        call: { name: "get", protocol: "binary", args: ["color"] },
      },
    ]);
    expect(server.exchanges[0]!.body).toEqual(Buffer.alloc(0));
  });

  it("When the GET URL would be longer than maxGetUrlBytes Then the call is POSTed instead", async () => {
    const { server, client } = await serve(store, { maxGetUrlBytes: 100 });

    await client.get("short");
    await client.get("x".repeat(100));
    expect(server.exchanges.map((exchange) => [exchange.method, exchange.path.length <= 100])).toEqual([
      ["GET", true],
      ["POST", true],
    ]);
    expect(callOf(server.exchanges[1]!).args).toEqual(["x".repeat(100)]);
  });

  it("When the server throws a declared exception Then the call rejects with the generated Error subclass", async () => {
    const { client } = await serve(store);

    const error = await client.get("missing").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFound);
    expect(error).toMatchObject({ name: "NotFound", key: "missing" });
  });

  it("When a void method succeeds Then the call resolves to undefined", async () => {
    const { client } = await serve(store);

    await expect(client.put("color", "blue")).resolves.toBeUndefined();
  });

  it("When a oneway call is answered 204 Then it resolves", async () => {
    const { server, client } = await serve(store);

    await expect(client.notify("hello")).resolves.toBeUndefined();
    expect(callOf(server.exchanges[0]!)).toEqual({ name: "notify", protocol: "binary", args: ["hello"] });
  });

  it("When a oneway call is answered 200 with an empty body (what the services send) Then it resolves", async () => {
    const { client } = await serve((_exchange, response) =>
      sendBody(response, 200, contentTypes.binary, Buffer.alloc(0)),
    );

    await expect(client.notify("hello")).resolves.toBeUndefined();
  });

  it.each<ProtocolName>(["binary", "compact", "json"])(
    "When the protocol is %s Then calls and replies are encoded in it",
    async (protocol) => {
      const { server, client } = await serve(store, { protocol });

      await expect(client.add("n", 1)).resolves.toBe(2);
      await expect(client.get("k")).resolves.toBe("value of k");
      expect(server.exchanges.map((exchange) => callOf(exchange).protocol)).toEqual([protocol, protocol]);
      expect(server.exchanges[0]!.headers["content-type"]).toBe(contentTypes[protocol]);
    },
  );

  it("sends the client's headers, the call's headers and a generated request id on every call", async () => {
    const { server, client } = await serve(store, { headers: { "X-Tenant": "acme" } });

    await client.add("n", 1, { headers: { "X-Trace": "abc" } });
    await client.add("n", 1);
    const [first, second] = server.exchanges.map((exchange) => exchange.headers);
    expect([first!["x-tenant"], first!["x-trace"], second!["x-tenant"], second!["x-trace"]]).toEqual([
      "acme",
      "abc",
      "acme",
      undefined,
    ]);
    expect(first!["x-request-id"]).toMatch(uuid);
    expect(second!["x-request-id"]).toMatch(uuid);
    expect(first!["x-request-id"]).not.toBe(second!["x-request-id"]);
  });

  it.each([
    [
      { basic: { username: "alice", password: "s3cret:é" } },
      `Basic ${Buffer.from("alice:s3cret:é").toString("base64")}`,
    ],
    [{ bearer: "abc.DEF-123_~+/=" }, "Bearer abc.DEF-123_~+/="],
  ])("When auth is %j Then every call carries its Authorization header", async (auth, expected) => {
    const { server, client } = await serve(store, { auth });

    await client.add("n", 1);
    await client.get("k");
    expect(server.exchanges.map((exchange) => exchange.headers.authorization)).toEqual([expected, expected]);
  });

  it("When a call sets a header the client owns Then it rejects with a TypeError and sends nothing", async () => {
    const { server, client } = await serve(store);

    await expect(client.add("n", 1, { headers: { "X-Request-ID": "mine" } })).rejects.toThrow(
      new TypeError("Header x-request-id is set by the client and cannot be given"),
    );
    await expect(client.add("n", 1, { headers: { "X-Bad": "a\r\nInjected: yes" } })).rejects.toThrow(TypeError);
    expect(server.exchanges).toEqual([]);
  });

  it("When the arguments cannot be encoded Then the call rejects with a TypeError naming the method and sends nothing", async () => {
    const { server, client } = await serve(store);

    const error = await client.get(42 as unknown as string).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: expect.stringMatching(/^Cannot encode the arguments of get: /) });
    expect(server.exchanges).toEqual([]);
  });

  it.each<[string, Partial<ClientOptions>, string]>([
    ["a relative url", { url: "/store" }, 'url must be an absolute http or https URL, got "/store"'],
    ["an ftp url", { url: "ftp://host/store" }, 'url must be an absolute http or https URL, got "ftp://host/store"'],
    ["credentials in the url", { url: "http://u:p@host/store" }, "url must not hold credentials: use auth"],
    ["a query in the url", { url: "http://host/store?x=1" }, "url must not have a query or a fragment"],
    [
      "an unknown protocol",
      { protocol: "xml" as ProtocolName },
      "protocol must be one of binary, compact, json, got xml",
    ],
    ["a zero timeout", { timeoutMs: 0 }, "timeoutMs must be a positive number, got 0"],
    [
      "a fractional attempt count",
      { retry: { maxAttempts: 1.5 } },
      "retry.maxAttempts must be a positive integer, got 1.5",
    ],
    [
      "a reserved header",
      { headers: { "Content-Type": "text/plain" } },
      "Header content-type is set by the client and cannot be given",
    ],
    [
      "a colon in a Basic user name",
      { auth: { basic: { username: "a:b", password: "" } } },
      "auth.basic.username must not contain a colon",
    ],
    ["a bearer token with a space", { auth: { bearer: "a b" } }, "auth.bearer must be a non-empty token68 string"],
    ["http2 over plain http", { http2: true }, "http2 needs an https url: HTTP/2 is negotiated through TLS ALPN"],
    [
      "pool options with a dispatcher",
      { dispatcher: new Pool("http://127.0.0.1"), maxConnections: 2 },
      "maxConnections configures the client's own pool: set it on the dispatcher instead",
    ],
  ])("When given %s Then createClient throws a TypeError saying what is wrong", (_, options, message) => {
    expect(() => createClient(Store, { url: "http://127.0.0.1:1/store", ...options })).toThrow(new TypeError(message));
  });

  it("When the service has a method named close Then client.close calls it, and closeClient closes the client", async () => {
    // Door { i32 close(1: string key, 2: i32 delta) }: the IDL's close, on the wire as "close".
    const Door = { name: "Door", methods: { close: { ...Store.methods.add!, name: "close" } } } as ServiceDefinition<
      unknown,
      { close(key: string, delta: number): Promise<number> }
    >;
    const server = track(
      await startServer((exchange, response) => {
        const { args } = callOf(exchange, Door);
        replyThrift(exchange, response, { kind: "success", value: (args[1] as number) + 1 }, Door);
      }),
    );
    const door = createClient(Door, { url: `${server.url}/door` });

    await expect(door.close("front", 41)).resolves.toBe(42);
    await closeClient(door);
    await expect(door.close("front", 1)).rejects.toMatchObject({ name: "TransportError", code: "transport" });
    expect(server.exchanges.map((exchange) => callOf(exchange, Door).name)).toEqual(["close"]);
  });

  it("When closeClient is given anything but a client Then it rejects with a TypeError", async () => {
    await expect(closeClient({ close: async () => {} })).rejects.toThrow(
      new TypeError("closeClient takes a client made by createClient"),
    );
  });

  it("When closed Then the client's pool is closed and later calls reject without reaching the server", async () => {
    const { server, client } = await serve(store);
    await client.add("n", 1);

    await client.close();
    await closeClient(client);
    await expect(client.add("n", 1)).rejects.toMatchObject({ name: "TransportError", code: "transport" });
    expect(server.exchanges).toHaveLength(1);
  });

  it("When given a dispatcher Then calls go through it and close() leaves it open", async () => {
    const server = track(await startServer(store));
    const pool = track(new Pool(server.url));
    const first = createClient(Store, { url: `${server.url}/store`, dispatcher: pool });
    const second = createClient(Store, { url: `${server.url}/store`, dispatcher: pool });

    await first.add("n", 1);
    await first.close();
    await expect(second.add("n", 2)).resolves.toBe(3);
    expect(pool.closed).toBe(false);
  });

  it("When the service is mounted at the root Then POST goes to / and GET to /<method>", async () => {
    const server = track(await startServer(store));
    const client = track(createClient(Store, { url: `${server.url}/` }));

    await client.add("n", 1);
    await client.get("k");
    expect(server.exchanges.map((exchange) => exchange.path.split("?")[0])).toEqual(["/", "/get"]);
  });

  it("When the reply comes in chunks without a length Then it is decoded whole", async () => {
    const { client } = await serve((_exchange, response) => {
      const body = encodeReply(Store.methods.add!, 0, "binary", { kind: "success", value: 7 });
      sendChunks(response, contentTypes.binary, [body.subarray(0, 5), body.subarray(5)]);
    });

    await expect(client.add("n", 1)).resolves.toBe(7);
  });
});
