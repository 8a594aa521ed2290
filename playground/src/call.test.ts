// The page's calls (call.ts) against the Kitchen service of the codegen fixtures, served
// natively as every service of the starter is (auth, request ids, X-Served-By), with
// Node's fetch standing in for the browser's: GET or POST by policy, TJSON both ways,
// results, declared exceptions, TApplicationExceptions, HTTP errors, transport failures,
// and arguments refused before anything is sent.
import { resolveClientOptions } from "../../shared/src/client/resolved-options";
import { closedPort } from "../../shared/src/client/__fixtures__/servers";
import { loadProgram } from "../../shared/src/codegen/resolve/program";
import { DynamicCodecs } from "../../shared/src/dynamic/codec";
import { dynamicService, type DynamicService } from "../../shared/src/dynamic/definition";
import {
  credentials,
  kitchenIdl,
  startKitchen,
  type RunningKitchen,
} from "../../shared/src/tools/__fixtures__/kitchen";
import { defaultTimeoutMs, maxGetPathBytes, sendCall } from "./call";
import { exampleArguments, type Json } from "./example";

let kitchen: RunningKitchen;
let service: DynamicService;
/** Valid arguments of echo: the page's own example, as far as TJSON can carry it. */
let everything: Record<string, Json>;
let origin: string;
/** What the page's fetch was asked to send, per call. */
let sent: { url: string; method: string; headers: Record<string, string> }[];

beforeAll(async () => {
  kitchen = await startKitchen();
  origin = new URL(kitchen.url).origin;
  const idl = loadProgram(kitchenIdl).modules.at(-1)!;
  const kitchenService = dynamicService(idl, "Kitchen", new DynamicCodecs(idl));
  // echo's timeout_ms (250 ms) lifted, as startKitchen does: a loaded machine may stall the
  // server, which shares this process, for longer.
  const echo = kitchenService.definition.methods["echo"]!;
  const methods = {
    ...kitchenService.definition.methods,
    echo: { ...echo, policy: { ...echo.policy, timeoutMs: undefined } },
  };
  service = { ...kitchenService, definition: { ...kitchenService.definition, methods } };
  // Without its maps keyed by structs, which TJSON cannot write (JSON keys are strings).
  const { keyed: _keyed, ...value } = exampleArguments(idl, service.codecs, service.methods.get("echo")!.model)[
    "value"
  ] as Record<string, Json>;
  everything = { value };
});
afterAll(() => kitchen.close());
beforeEach(() => {
  sent = [];
});

/** The browser's fetch on the page's origin, with the credentials it was given at the prompt. */
function pageFetch(
  auth: string | null = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString("base64")}`,
  base = origin,
): typeof fetch {
  return (input, init = {}) => {
    const headers = { ...(init.headers as Record<string, string>) };
    sent.push({ url: String(input), method: init.method ?? "GET", headers: { ...headers } });
    if (auth !== null) headers["authorization"] = auth;
    return fetch(new URL(String(input), base), { ...init, headers });
  };
}

const call = (method: string, args: unknown, fetcher = pageFetch()) =>
  sendCall(fetcher, { path: "/kitchen", service, method }, JSON.stringify(args));

describe("A call from the playground", () => {
  it("When a method with side effects is sent Then it is a POST in TJSON, and its result is shown with the answer's headers", async () => {
    const value = {
      ...(everything["value"] as Record<string, Json>),
      aString: "grüße 🎉",
      anI64: "-9223372036854775808",
      colors: ["RED", 7],
    };
    const outcome = await call("echo", { value });
    expect(outcome).toEqual({
      kind: "result",
      request: { method: "POST", url: "/kitchen", requestId: expect.any(String) },
      status: 200,
      headers: {
        "X-Served-By": "kitchen-1",
        "X-Cache-Status": undefined,
        "X-Request-ID": sent[0]!.headers["x-request-id"],
      },
      elapsedMs: expect.any(Number),
      text: expect.any(String),
    });
    expect(JSON.parse((outcome as { text: string }).text)).toMatchObject(value);
    expect(sent[0]!.headers).toEqual({
      accept: "application/vnd.apache.thrift.json",
      "content-type": "application/vnd.apache.thrift.json",
      "x-request-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
      "thrift-timeout-ms": String(defaultTimeoutMs),
    });
  });

  it("When the arguments hold maps keyed by structs, which TJSON cannot carry, Then the call goes in compact and its result is shown", async () => {
    const value = exampleArguments(
      loadProgram(kitchenIdl).modules.at(-1)!,
      service.codecs,
      service.methods.get("echo")!.model,
    )["value"] as Record<string, Json>;
    expect(value["keyed"]).toMatchObject({ byPoint: expect.any(Array) });
    const outcome = await call("echo", { value });
    expect(outcome).toMatchObject({ kind: "result", request: { method: "POST", url: "/kitchen" }, status: 200 });
    expect(JSON.parse((outcome as { text: string }).text)).toEqual(value);
    expect(sent[0]!.headers).toMatchObject({
      accept: "application/vnd.apache.thrift.compact",
      "content-type": "application/vnd.apache.thrift.compact",
    });
  });

  it("When a no_side_effects method throws a declared exception Then it went as a GET and the exception is shown by name with its fields", async () => {
    const outcome = await call("shapes", { ids: ["404"] });
    expect(outcome).toMatchObject({
      kind: "exception",
      request: { method: "GET", url: expect.stringMatching(/^\/kitchen\/shapes\?p=json&m=/) },
      status: 200,
    });
    expect(JSON.parse((outcome as { text: string }).text)).toEqual({
      exception: "NotFound",
      fields: { key: "404", message: "no shape 404" },
    });
    expect(sent[0]!.headers).not.toHaveProperty("content-type");
  });

  it("When a no_side_effects method returns Then its result is shown in the JSON mapping", async () => {
    const outcome = await call("shapes", { ids: ["1", "2"] });
    expect(outcome).toMatchObject({ kind: "result", request: { method: "GET" }, status: 200 });
    expect(JSON.parse((outcome as { text: string }).text)).toEqual([
      ["1", { radius: 1 }],
      ["2", { radius: 2 }],
    ]);
  });

  it("When a GET's URL would be longer than the client sends Then it goes as POST", async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => String(1_000_000_000 + i));
    const outcome = await call("shapes", { ids });
    expect(outcome).toMatchObject({ kind: "result", request: { method: "POST", url: "/kitchen" }, status: 200 });
  });

  it("When the handler fails Then the TApplicationException is shown with its type", async () => {
    const outcome = await call("shapes", { ids: ["500"] });
    expect(JSON.parse((outcome as { text: string }).text)).toEqual({
      exception: "TApplicationException",
      fields: { type: "INTERNAL_ERROR", message: "Internal error" },
    });
  });

  it("When a void method returns Then null is shown", async () => {
    await expect(call("ping", {})).resolves.toMatchObject({
      kind: "result",
      request: { method: "GET" },
      status: 200,
      text: "null",
    });
  });

  it("When the credentials are missing Then the HTTP status and the JSON error body are shown", async () => {
    const outcome = await call("echo", everything, pageFetch(null));
    expect(outcome).toMatchObject({ kind: "http", status: 401, headers: { "X-Served-By": "kitchen-1" } });
    expect(JSON.parse((outcome as { text: string }).text)).toEqual({
      code: "unauthenticated",
      message: expect.any(String),
    });
  });

  it("When nothing answers Then it is a transport failure, with the request id that was sent", async () => {
    const port = await closedPort();
    const outcome = await call("echo", everything, pageFetch(null, `http://127.0.0.1:${port}`));
    expect(outcome).toMatchObject({
      kind: "transport",
      request: { method: "POST", requestId: sent[0]!.headers["x-request-id"] },
      message: expect.any(String),
    });
  });

  it.each([
    ["not JSON", "{", /^The arguments are not JSON: /],
    ["not an object", "[]", /^Arguments: expected the arguments of Kitchen\.shapes as an object/],
    ["a value of the wrong type", '{"ids": [1.5]}', /^Arguments: ids\[0\]: /],
    ["an unknown argument", '{"ids": [], "nope": 1}', /nope/],
  ])("When the arguments are %s Then nothing is sent and the page says why", async (_case, text, message) => {
    const outcome = await sendCall(pageFetch(), { path: "/kitchen", service, method: "shapes" }, text);
    expect(outcome).toEqual({ kind: "invalid", message: expect.stringMatching(message) });
    expect(sent).toEqual([]);
  });

  it("When the limits are compared with the typed client's Then they are its defaults", () => {
    const settings = resolveClientOptions({ url: "https://example.org/kitchen" });
    expect({ maxGetPathBytes, defaultTimeoutMs }).toEqual({
      maxGetPathBytes: settings.maxGetUrlBytes,
      defaultTimeoutMs: settings.timeoutMs,
    });
  });
});
