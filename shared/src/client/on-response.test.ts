// What a call lets its caller see of each HTTP answer (CallOptions.onResponse), and the
// client that calls methods by name (createMethodCaller), which tools built on an IDL
// read at run time use.
import { closeClient, createClient, type CallResponse, type ClientOptions } from "@starter/shared/client";
import { loadIdl } from "../codegen/generate";
import { decodeGetQuery } from "../core/get";
import { decodeCall, encodeReply } from "../core/message";
import { contentTypes } from "../core/protocols";
import { dynamicService } from "../dynamic/definition";
import { createMethodCaller } from "./create-client";
import { closeAll, track } from "./__fixtures__/resources";
import { replyJson, replyThrift } from "./__fixtures__/replies";
import { startServer, type Script } from "./__fixtures__/servers";
import { Store } from "./__fixtures__/store";

afterEach(closeAll);

const fastRetries: Partial<ClientOptions> = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };

/** Answers 503 `failures` times, then every call, with an X-Served-By header. */
async function serve(failures: number) {
  let left = failures;
  const script: Script = (exchange, response) => {
    response.setHeader("x-served-by", `replica-${exchange.method}`);
    if (left-- > 0) replyJson(response, 503, { code: "unavailable", message: "busy" });
    else replyThrift(exchange, response, { kind: "success", value: exchange.method === "GET" ? "v" : undefined });
  };
  return track(await startServer(script));
}

/** A response without its body, which differs per protocol. */
const shape = ({ body, ...response }: CallResponse) => ({
  ...response,
  headers: { "x-served-by": response.headers["x-served-by"] },
  bodyBytes: body.length > 0,
});

describe("CallOptions.onResponse", () => {
  it("When a call is retried Then it sees each attempt's answer, with how it was sent, before the result", async () => {
    const server = await serve(1);
    const client = track(createClient(Store, { url: `${server.url}/store`, ...fastRetries }));
    const responses: CallResponse[] = [];

    await expect(client.get("k", { onResponse: (response) => responses.push(response) })).resolves.toBe("v");
    expect(responses.map(shape)).toEqual([
      { method: "GET", attempt: 1, status: 503, headers: { "x-served-by": "replica-GET" }, bodyBytes: true },
      { method: "GET", attempt: 2, status: 200, headers: { "x-served-by": "replica-GET" }, bodyBytes: true },
    ]);
  });

  it("When a POST call is answered Then it sees that answer once", async () => {
    const server = await serve(0);
    const client = track(createClient(Store, { url: `${server.url}/store` }));
    const responses: CallResponse[] = [];

    await client.put("k", "v", { onResponse: (response) => responses.push(response) });
    expect(responses.map(shape)).toEqual([
      { method: "POST", attempt: 1, status: 200, headers: { "x-served-by": "replica-POST" }, bodyBytes: true },
    ]);
  });

  it("When onResponse throws Then the call fails with what it threw", async () => {
    const server = await serve(0);
    const client = track(createClient(Store, { url: `${server.url}/store` }));
    const thrown = new Error("seen enough");

    await expect(
      client.put("k", "v", {
        onResponse: () => {
          throw thrown;
        },
      }),
    ).rejects.toBe(thrown);
  });
});

describe("createMethodCaller", () => {
  const idl = loadIdl(
    'service Store {\n  string get(1: string key) (idempotency = "no_side_effects")\n  void close(1: string key)\n}\n',
    "store.thrift",
  );
  const definition = dynamicService(idl, "Store").definition;

  /** Answers each call of the IDL's Store: get with "v", close with nothing. */
  async function serveStore() {
    return track(
      await startServer((exchange, response) => {
        const bytes =
          exchange.method === "GET"
            ? (decodeGetQuery(exchange.path.split("?")[1]!) as { bytes: Buffer }).bytes
            : exchange.body;
        const call = decodeCall(definition, bytes, "binary");
        if (call.kind !== "call") throw new Error(call.message);
        const value = call.method.name === "get" ? "v" : undefined;
        response.setHeader("content-type", contentTypes.binary);
        response.end(encodeReply(call.method, call.seqid, "binary", { kind: "success", value }));
      }),
    );
  }

  it("When a method is called by name Then it is the call a typed client makes, a method named close included", async () => {
    const server = await serveStore();
    const caller = track(createMethodCaller(definition, { url: `${server.url}/store` }));

    await expect(caller.call("get", ["k"])).resolves.toBe("v");
    await expect(caller.call("close", ["k"])).resolves.toBeUndefined();
    expect(server.exchanges.map((exchange) => [exchange.method, exchange.path.split("?")[0]])).toEqual([
      ["GET", "/store/get"],
      ["POST", "/store"],
    ]);
  });

  it("When the method is not the service's Then the call rejects with a TypeError and nothing is sent", async () => {
    const server = await serve(0);
    const caller = track(createMethodCaller(definition, { url: `${server.url}/store` }));

    await expect(caller.call("toString", [])).rejects.toThrow(new TypeError("Service Store has no method toString"));
    expect(server.exchanges).toHaveLength(0);
  });

  it("When a typed client is made of a service with a method named close Then its close is the IDL's, and closeClient closes it", async () => {
    const server = await serveStore();
    const typed = createClient(definition, { url: `${server.url}/store` }) as unknown as {
      close(key: string): Promise<void>;
    };

    await expect(typed.close("k")).resolves.toBeUndefined();
    await closeClient(typed);
    await expect(typed.close("k")).rejects.toMatchObject({ code: "transport" });
    expect(server.exchanges.map((exchange) => exchange.method)).toEqual(["POST"]);
  });
});
