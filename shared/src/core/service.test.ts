// createThriftService, the framework-free core: registration errors, then every answer
// to a request (replies, declared exceptions, HTTP errors, caching, oneway, deadlines).
import { Thrift } from "thrift";
import { Calc, DivideByZero, methods } from "./__fixtures__/calc";
import { createCalcHandler } from "./__fixtures__/calc-handler";
import { encodeGetPath } from "./get";
import type { CallReport, ThriftHttpRequest, ThriftHttpResponse } from "./http";
import { encodeApplicationException, encodeCall, encodeReply } from "./message";
import { contentTypes, type ProtocolName } from "./protocols";
import { createThriftService, type ThriftServiceOptions } from "./service";

const { TApplicationExceptionType: App } = Thrift;
const { add, divide, shout, wait, reset, record } = methods;
const hex = (text: string) => Buffer.from(text.replace(/\s/g, ""), "hex");

function request(overrides: Partial<ThriftHttpRequest> = {}): ThriftHttpRequest {
  return {
    method: "POST",
    path: "",
    query: "",
    contentType: contentTypes.binary,
    body: Buffer.alloc(0),
    requestId: "req-1",
    identity: undefined,
    headers: {},
    ...overrides,
  };
}

function setup(options?: ThriftServiceOptions) {
  const handler = createCalcHandler();
  return { handler, service: createThriftService(Calc, handler, options) };
}

/** A Thrift reply as the service sends it with HTTP 200. */
function thriftReply(
  protocol: ProtocolName,
  body: Buffer,
  cacheControl: string,
  call: Omit<CallReport, "service">,
): ThriftHttpResponse {
  return {
    status: 200,
    headers: { "content-type": contentTypes[protocol], "cache-control": cacheControl },
    body,
    call: { service: "Calc", ...call },
  };
}

/** An HTTP-level error as the service sends it. */
function jsonError(
  status: number,
  code: string,
  message: string,
  call: Omit<CallReport, "service">,
  headers = {},
): ThriftHttpResponse {
  return {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
    body: Buffer.from(JSON.stringify({ code, message })),
    call: { service: "Calc", ...call },
  };
}

describe("createThriftService", () => {
  describe("registration", () => {
    it("When the handler lacks a method Then it throws", () => {
      const { reset: _, ...handler } = createCalcHandler();
      // @ts-expect-error reset is missing
      expect(() => createThriftService(Calc, handler)).toThrow("The handler of Calc has no function for method reset");
    });

    it("When the handler has a function that is no method (a typo) Then it throws", () => {
      const handler = { ...createCalcHandler(), rest: async () => {} };
      expect(() => createThriftService(Calc, handler)).toThrow(
        "The handler of Calc has a function rest, which is no method of the service",
      );
    });

    it("When a method is named like a member of every object and the handler lacks it Then it throws", () => {
      const named = (name: string) => ({ ...Calc.methods.add!, name });
      const definition = { name: "Odd", methods: { toString: named("toString"), constructor: named("constructor") } };
      const ownToString = async () => "own";
      class Handler {
        toString = ownToString;
      }

      expect(() => createThriftService(definition, { constructor: async () => 1 })).toThrow(
        "The handler of Odd has no function for method toString",
      );
      expect(() => createThriftService(definition, new Handler())).toThrow(
        "The handler of Odd has no function for method constructor",
      );
      expect(() =>
        createThriftService(definition, { toString: ownToString, constructor: async () => 1 }),
      ).not.toThrow();
    });

    it("When a handler method has the wrong type Then it does not compile", () => {
      const handler = { ...createCalcHandler(), add: async (a: string) => a };
      // @ts-expect-error add takes numbers and returns Promise<number>
      expect(() => createThriftService(Calc, handler)).not.toThrow();
    });

    it("When an option is not a positive integer Then it throws", () => {
      expect(() => setup({ onewayConcurrency: 0 })).toThrow(
        "Option onewayConcurrency must be a positive integer, got 0",
      );
      expect(() => setup({ limits: { maxDepth: -1 } })).toThrow(
        "Decode limit maxDepth must be a positive integer, got -1",
      );
    });
  });

  describe("a POST call", () => {
    it("answers a known binary call with the exact reply bytes", async () => {
      const { service } = setup();
      const response = await service.handle(request({ body: encodeCall(add, [1, 2], 7, "binary") }));
      expect(response).toEqual(
        thriftReply("binary", hex("80010002 00000003 616464 00000007  08 0000 00000003  00"), "public, max-age=10", {
          method: "add",
          outcome: "ok",
          error: undefined,
        }),
      );
    });

    it.each([
      ["application/x-thrift", "binary"],
      ["application/x-thrift", "compact"],
      ["application/x-thrift", "json"],
      ["application/octet-stream", "binary"],
      ["application/octet-stream", "compact"],
      ["Application/X-Thrift; charset=utf-8", "json"],
      [contentTypes.compact, "compact"],
      ["application/vnd.apache.thrift.json; charset=utf-8", "json"],
    ] as const)(
      "When the Content-Type is %s and the body is %s Then the reply is in that protocol, with its canonical type",
      async (contentType, protocol) => {
        const { service } = setup();
        const response = await service.handle(request({ contentType, body: encodeCall(shout, [["a"]], 3, protocol) }));
        expect(response).toEqual(
          thriftReply(
            protocol,
            encodeReply(shout, 3, protocol, { kind: "success", value: ["A"] }),
            "public, max-age=60",
            {
              method: "shout",
              outcome: "ok",
              error: undefined,
            },
          ),
        );
      },
    );

    it.each([
      [contentTypes.binary, "compact"],
      [contentTypes.compact, "json"],
      [contentTypes.json, "binary"],
    ] as const)(
      "When the Content-Type is %s and the body is %s Then the type decides: 400",
      async (contentType, protocol) => {
        const { service } = setup();
        const response = await service.handle(request({ contentType, body: encodeCall(add, [1, 2], 1, protocol) }));
        expect(response.status).toBe(400);
        expect(JSON.parse(response.body.toString())).toMatchObject({ code: "bad_request" });
      },
    );

    it("passes the request's id, identity and headers to the handler", async () => {
      const { service, handler } = setup();
      const headers = { "x-custom": "1" };
      const receivedAt = Date.now();
      await service.handle(
        request({ body: encodeCall(add, [1, 2], 1, "binary"), identity: "ann", headers, receivedAt }),
      );
      expect(handler.calls.context).toMatchObject({
        requestId: "req-1",
        identity: "ann",
        headers,
        deadline: receivedAt + 30_000,
      });
    });

    it("When the path names the method Then the call is served", async () => {
      const { service } = setup();
      const response = await service.handle(
        request({ path: "/divide", body: encodeCall(divide, [7, 2], 1, "binary") }),
      );
      expect(response.body).toEqual(encodeReply(divide, 1, "binary", { kind: "success", value: 3 }));
    });

    it("When the path names another method than the message Then 400", async () => {
      const { service } = setup();
      const response = await service.handle(request({ path: "/add", body: encodeCall(divide, [7, 2], 1, "binary") }));
      expect(response).toEqual(
        jsonError(400, "bad_request", "The path names method add but the message calls divide", {
          method: undefined,
          outcome: "bad_request",
          error: undefined,
        }),
      );
    });
  });

  describe("Cache-Control", () => {
    it.each([
      ["a cacheable method, anonymous", add, [1, 2], undefined, "public, max-age=10"],
      ["a cacheable method, authenticated", add, [1, 2], "ann", "private, max-age=10"],
      ["a shared cacheable method, authenticated", shout, [["a"]], "ann", "public, max-age=60"],
      ["a method with side effects", reset, [], undefined, "no-store"],
    ] as const)("When %s succeeds Then %s", async (_, method, args, identity, cacheControl) => {
      const { service } = setup();
      const response = await service.handle(request({ body: encodeCall(method, args, 1, "binary"), identity }));
      expect(response.headers).toEqual({ "content-type": contentTypes.binary, "cache-control": cacheControl });
    });
  });

  describe("Thrift-level failures (HTTP 200)", () => {
    it("When the handler throws a declared exception Then the result carries it, no-store", async () => {
      const { service } = setup();
      const response = await service.handle(request({ body: encodeCall(divide, [1, 0], 4, "binary") }));
      expect(response).toEqual(
        thriftReply(
          "binary",
          encodeReply(divide, 4, "binary", { kind: "declared", error: new DivideByZero("b is 0") }),
          "no-store",
          {
            method: "divide",
            outcome: "exception",
            error: new DivideByZero("b is 0"),
          },
        ),
      );
    });

    it("When the handler throws anything else Then INTERNAL_ERROR with a generic message, the real error in the report", async () => {
      const failure = new Error("password=hunter2");
      const handler = { ...createCalcHandler(), add: async () => Promise.reject(failure) };
      const service = createThriftService(Calc, handler);
      const response = await service.handle(request({ body: encodeCall(add, [1, 2], 5, "binary") }));
      expect(response).toEqual(
        thriftReply(
          "binary",
          encodeApplicationException("add", 5, App.INTERNAL_ERROR, "Internal error", "binary"),
          "no-store",
          {
            method: "add",
            outcome: "error",
            error: failure,
          },
        ),
      );
      expect(response.call.error).toBe(failure);
    });

    it("When the handler throws synchronously Then INTERNAL_ERROR too", async () => {
      const failure = new TypeError("boom");
      const handler = {
        ...createCalcHandler(),
        add: (): Promise<number> => {
          throw failure;
        },
      };
      const response = await createThriftService(Calc, handler).handle(
        request({ body: encodeCall(add, [1, 2], 5, "binary") }),
      );
      expect(response.call).toEqual({ service: "Calc", method: "add", outcome: "error", error: failure });
    });

    it("When the value cannot be serialised Then INTERNAL_ERROR instead of a half reply", async () => {
      const handler = { ...createCalcHandler(), shout: async () => [42] as unknown as string[] };
      const response = await createThriftService(Calc, handler).handle(
        request({ body: encodeCall(shout, [["a"]], 6, "binary") }),
      );
      expect(response).toEqual(
        thriftReply(
          "binary",
          encodeApplicationException("shout", 6, App.INTERNAL_ERROR, "Internal error", "binary"),
          "no-store",
          {
            method: "shout",
            outcome: "error",
            error: new Error("writeString called without a string/Buffer argument: 42"),
          },
        ),
      );
    });

    it("When the method is unknown Then UNKNOWN_METHOD with the request's seqid, and the caller's name is no call record field", async () => {
      const { service } = setup();
      const response = await service.handle(
        request({
          body: encodeCall({ ...add, name: "nope" }, [1, 2], 8, "compact"),
          contentType: contentTypes.compact,
        }),
      );
      expect(response).toEqual(
        thriftReply(
          "compact",
          encodeApplicationException("nope", 8, App.UNKNOWN_METHOD, "Unknown method nope", "compact"),
          "no-store",
          {
            method: undefined,
            outcome: "bad_request",
          },
        ),
      );
    });

    it("When the args cannot be decoded Then PROTOCOL_ERROR with the request's seqid", async () => {
      const { service } = setup();
      const body = encodeCall(add, [1, 2], 9, "binary");
      const response = await service.handle(request({ body: body.subarray(0, body.length - 2) }));
      expect(response).toEqual(
        thriftReply(
          "binary",
          encodeApplicationException("add", 9, App.PROTOCOL_ERROR, "Unexpected end of message", "binary"),
          "no-store",
          {
            method: "add",
            outcome: "bad_request",
          },
        ),
      );
    });

    it.each(["binary", "compact"] as const)(
      "When a string argument is not UTF-8 Then %s gets PROTOCOL_ERROR, as JSON does, not a U+FFFD in its place",
      async (protocol) => {
        const { service } = setup();
        const body = encodeCall(shout, [["key-é"]], 10, protocol);
        const at = body.indexOf(Buffer.from("é"));
        body[at] = 0xff;
        body[at + 1] = 0xfe;
        const response = await service.handle(request({ body, contentType: contentTypes[protocol] }));
        expect(response).toEqual(
          thriftReply(
            protocol,
            encodeApplicationException(
              "shout",
              10,
              App.PROTOCOL_ERROR,
              // Where the string starts: "key-" is before the bad bytes.
              `Invalid UTF-8 in the string at byte ${at - 4}`,
              protocol,
            ),
            "no-store",
            { method: "shout", outcome: "bad_request" },
          ),
        );
      },
    );

    it("When the message is not a call Then INVALID_MESSAGE_TYPE", async () => {
      const { service } = setup();
      const response = await service.handle(
        request({ body: encodeReply(add, 2, "binary", { kind: "success", value: 1 }) }),
      );
      expect(response.body).toEqual(
        encodeApplicationException("add", 2, App.INVALID_MESSAGE_TYPE, "Expected a call, got message type 2", "binary"),
      );
    });
  });

  describe("HTTP-level failures", () => {
    const badRequest = { method: undefined, outcome: "bad_request", error: undefined } as const;

    it.each([
      ["an empty body", Buffer.alloc(0), "Undecodable Thrift message: Unexpected end of message"],
      ["garbage", Buffer.from("hello world"), "Undecodable Thrift message: Unexpected end of message"],
      [
        "of an unknown version",
        hex("80020001 00000000"),
        "Undecodable Thrift message: Bad version in readMessageBegin: -2147352575",
      ],
    ])("When the body is %s Then 400", async (_, body, message) => {
      const { service } = setup();
      const response = await service.handle(request({ body }));
      expect({ ...response, call: { ...response.call, error: undefined } }).toEqual(
        jsonError(400, "bad_request", message, badRequest),
      );
      expect(response.call.error).toBeInstanceOf(Thrift.TProtocolException);
    });

    it.each([undefined, "application/json", "text/plain"])(
      "When the Content-Type is %j Then 415 listing the accepted types",
      async (contentType) => {
        const { service } = setup();
        const response = await service.handle(request({ contentType, body: encodeCall(add, [1, 2], 1, "binary") }));
        expect(response).toEqual(
          jsonError(
            415,
            "unsupported_media_type",
            "Expected a Content-Type of application/vnd.apache.thrift.binary, application/vnd.apache.thrift.compact, application/vnd.apache.thrift.json, application/x-thrift, application/octet-stream",
            badRequest,
          ),
        );
      },
    );

    it.each([
      ["PUT", "", "POST", undefined],
      ["GET", "", "POST", undefined],
      ["GET", "/divide", "POST", "divide"],
      ["DELETE", "/add", "GET, POST", "add"],
      ["HEAD", "/add", "GET, POST", "add"],
    ])("When the method is %s at %j Then 405 with Allow: %s", async (method, path, allow, calledMethod) => {
      const { service } = setup();
      const response = await service.handle(request({ method, path }));
      expect(response).toEqual(
        jsonError(
          405,
          "method_not_allowed",
          `Allowed here: ${allow}`,
          { method: calledMethod, outcome: "bad_request", error: undefined },
          { allow },
        ),
      );
    });

    it.each([
      ["GET", "/nope", "nope"],
      ["POST", "/nope", "nope"],
      ["GET", "/add/more", "add/more"],
      ["GET", "/toString", "toString"],
    ])("When a %s names an unknown method %s Then 404", async (method, path, name) => {
      const { service } = setup();
      const response = await service.handle(request({ method, path }));
      expect(response).toEqual(jsonError(404, "not_found", `Service Calc has no method ${name}`, badRequest));
    });

    it("admit refuses what no body can make right, and admits the rest with their timeout", () => {
      const { service } = setup();
      const headers = {};
      const status = (answer: ThriftHttpResponse | number) => (typeof answer === "number" ? answer : answer.status);
      expect(status(service.admit({ method: "PUT", path: "", contentType: contentTypes.binary, headers }))).toBe(405);
      expect(status(service.admit({ method: "POST", path: "/nope", contentType: contentTypes.binary, headers }))).toBe(
        404,
      );
      expect(status(service.admit({ method: "POST", path: "", contentType: "text/plain", headers }))).toBe(415);
      expect(
        service.admit({
          method: "POST",
          path: "",
          contentType: contentTypes.binary,
          headers: { "thrift-timeout-ms": "soon" },
        }),
      ).toEqual(
        expect.objectContaining({
          status: 400,
          body: Buffer.from('{"code":"bad_request","message":"Invalid Thrift-Timeout-Ms: expected 1 to 10 digits"}'),
        }),
      );
      expect(service.admit({ method: "POST", path: "/add", contentType: "application/x-thrift", headers })).toBe(
        30_000,
      );
      expect(service.admit({ method: "GET", path: "/add", contentType: undefined, headers })).toBe(30_000);
    });

    it("When a request was admitted Then handle answers it with the admitted timeout, and checks its head no more", async () => {
      const { service } = setup();
      const head = {
        method: "POST",
        path: "",
        contentType: contentTypes.binary,
        headers: { "thrift-timeout-ms": "40" },
      };
      expect(service.admit(head)).toBe(40);
      const slow = request({ ...head, body: encodeCall(wait, [200], 1, "binary") });
      expect((await service.handle(slow, 40)).status).toBe(504);
      // The head is the adapter's to have checked: a refused one is not checked again.
      const refused = request({ method: "PUT", body: encodeCall(add, [1, 2], 1, "binary") });
      expect((await service.handle(refused)).status).toBe(405);
      expect((await service.handle(refused, 1000)).status).toBe(200);
    });
  });

  describe("a GET call", () => {
    function get(target: string, overrides: Partial<ThriftHttpRequest> = {}) {
      const [path, query = ""] = target.split("?") as [string, string?];
      return request({ method: "GET", path, query, contentType: undefined, ...overrides });
    }

    it.each(["binary", "compact", "json"] as const)(
      "answers a %s call of a side-effect-free method, cacheable",
      async (protocol) => {
        const { service } = setup();
        const response = await service.handle(get(encodeGetPath("", add, [2, 3], protocol)));
        expect(response).toEqual(
          thriftReply(protocol, encodeReply(add, 0, protocol, { kind: "success", value: 5 }), "public, max-age=10", {
            method: "add",
            outcome: "ok",
            error: undefined,
          }),
        );
      },
    );

    it("When the query is not a call Then 400", async () => {
      const { service } = setup();
      expect(await service.handle(get("/add?p=xml&m=AA"))).toEqual(
        jsonError(400, "bad_request", 'Unknown protocol "xml": expected binary, compact or json', {
          method: undefined,
          outcome: "bad_request",
          error: undefined,
        }),
      );
    });

    it("When the message calls another method than the path Then 400", async () => {
      const { service } = setup();
      const query = encodeGetPath("", shout, [["a"]]).split("?")[1];
      const response = await service.handle(get(`/add?${query}`));
      expect(JSON.parse(response.body.toString())).toEqual({
        code: "bad_request",
        message: "The path names method add but the message calls shout",
      });
    });
  });

  describe("deadlines", () => {
    const deadlineCall = { method: "wait", outcome: "timeout", error: undefined } as const;

    it("When the handler outlives the method's timeout_ms Then 504 at once, and its signal aborts", async () => {
      const { service, handler } = setup();
      const started = performance.now();
      const response = await service.handle(request({ body: encodeCall(wait, [1000], 1, "binary") }));
      expect(response).toEqual(
        jsonError(504, "deadline_exceeded", "wait did not finish within its deadline of 50 ms", deadlineCall),
      );
      expect(performance.now() - started).toBeLessThan(500);
      expect(handler.calls.context?.signal.aborted).toBe(true);
      expect(handler.calls.context?.signal.reason).toMatchObject({ name: "TimeoutError" });
    });

    it("When the caller's Thrift-Timeout-Ms is shorter Then it applies", async () => {
      const { service } = setup();
      const response = await service.handle(
        request({ body: encodeCall(wait, [40], 1, "binary"), headers: { "thrift-timeout-ms": "5" } }),
      );
      expect(response).toEqual(
        jsonError(504, "deadline_exceeded", "wait did not finish within its deadline of 5 ms", deadlineCall),
      );
    });

    it("When the caller's timeout is longer than the method's Then the method's applies", async () => {
      const { service } = setup();
      const response = await service.handle(
        request({ body: encodeCall(wait, [100], 1, "binary"), headers: { "thrift-timeout-ms": "5000" } }),
      );
      expect(response.status).toBe(504);
    });

    it("When maxTimeoutMs is shorter than the method's timeout Then it applies", async () => {
      const { service } = setup({ maxTimeoutMs: 10 });
      const response = await service.handle(request({ body: encodeCall(wait, [40], 1, "binary") }));
      expect(response).toEqual(
        jsonError(504, "deadline_exceeded", "wait did not finish within its deadline of 10 ms", deadlineCall),
      );
    });

    it("When the deadline passed before the call could start Then 504 without calling the handler", async () => {
      const { service, handler } = setup();
      const response = await service.handle(
        request({
          body: encodeCall(add, [1, 2], 1, "binary"),
          headers: { "thrift-timeout-ms": "20" },
          receivedAt: Date.now() - 30,
        }),
      );
      expect(response).toEqual(
        jsonError(504, "deadline_exceeded", "add did not finish within its deadline of 20 ms", {
          ...deadlineCall,
          method: "add",
        }),
      );
      expect(handler.calls.context).toBeUndefined();
    });

    it.each(["abc", "-1", "1.5", "", "12345678901", ["1", "2"]])(
      "When Thrift-Timeout-Ms is %j Then 400",
      async (value) => {
        const { service } = setup();
        const response = await service.handle(
          request({ body: encodeCall(add, [1, 2], 1, "binary"), headers: { "thrift-timeout-ms": value } }),
        );
        expect(response).toEqual(
          jsonError(400, "bad_request", "Invalid Thrift-Timeout-Ms: expected 1 to 10 digits", {
            method: undefined,
            outcome: "bad_request",
            error: undefined,
          }),
        );
      },
    );

    it("When a late handler rejects after the 504 Then nothing else happens", async () => {
      let fail: (error: Error) => void = () => {};
      const handler = { ...createCalcHandler(), wait: () => new Promise<string>((_, reject) => (fail = reject)) };
      const response = await createThriftService(Calc, handler).handle(
        request({ body: encodeCall(wait, [0], 1, "binary"), headers: { "thrift-timeout-ms": "1" } }),
      );
      fail(new Error("late"));
      await new Promise((resolve) => setImmediate(resolve));
      expect(response.status).toBe(504);
    });

    it.each([
      ["the caller's timeout, for a path without the method", "", { "thrift-timeout-ms": "200" }, 200],
      ["the caller's timeout, capped by the method's timeout_ms", "/wait", { "thrift-timeout-ms": "5000" }, 50],
      ["the caller's timeout, below the method's", "/wait", { "thrift-timeout-ms": "20" }, 20],
      ["the method's timeout_ms, when the caller gives none", "/wait", {}, 50],
      ["maxTimeoutMs, for a method without timeout_ms", "/add", {}, 300],
      ["maxTimeoutMs, for a path without the method", "", {}, 300],
      ["maxTimeoutMs, capping the caller's timeout", "", { "thrift-timeout-ms": "9000" }, 300],
    ])("When the body must arrive by %s Then admit says so", (_name, path, headers, expected) => {
      const { service } = setup({ maxTimeoutMs: 300 });
      expect(service.admit({ method: "POST", path, contentType: contentTypes.binary, headers })).toBe(expected);
    });

    it("When a body missed its deadline Then 504 deadline_exceeded, with the method when the path names it", () => {
      const { service } = setup();
      const head = { method: "POST", path: "/wait", contentType: contentTypes.binary, headers: {} };
      const late = { kind: "late", timeoutMs: 50 } as const;
      expect(service.refuseBody(head, late)).toEqual(
        jsonError(
          504,
          "deadline_exceeded",
          "The request body did not arrive within the call's deadline of 50 ms",
          { method: "wait", outcome: "timeout", error: undefined },
          { connection: "close" },
        ),
      );
      expect(service.refuseBody({ ...head, path: "" }, late).call).toEqual({
        service: "Calc",
        method: undefined,
        outcome: "timeout",
        error: undefined,
      });
    });

    it("When a body is too large or unreadable Then 413 (closing) or 400, the problem logged", () => {
      const { service } = setup();
      const head = { method: "POST", path: "", contentType: contentTypes.binary, headers: {} };
      expect(service.refuseBody(head, { kind: "too_large", maxBytes: 10 })).toEqual(
        jsonError(
          413,
          "payload_too_large",
          "The body exceeds the limit of 10 bytes",
          { method: undefined, outcome: "bad_request" },
          { connection: "close" },
        ),
      );
      const lost = new Error("The caller went away");
      expect(service.refuseBody(head, { kind: "unreadable", error: lost })).toEqual(
        jsonError(400, "bad_request", "The body could not be read", {
          method: undefined,
          outcome: "bad_request",
          error: lost,
        }),
      );
    });

    it("When the caller goes away Then the handler's signal aborts", async () => {
      const { service, handler } = setup();
      const caller = new AbortController();
      const pending = service.handle(request({ body: encodeCall(wait, [20], 1, "binary"), signal: caller.signal }));
      const signal = handler.calls.context!.signal;
      caller.abort(new Error("client went away"));
      expect([signal.aborted, signal.reason]).toEqual([true, new Error("client went away")]);
      await pending;
    });
  });

  describe("oneway calls", () => {
    const accepted = {
      status: 200,
      headers: { "content-type": contentTypes.binary, "cache-control": "no-store" },
      body: Buffer.alloc(0),
      call: { service: "Calc", method: "record", outcome: "oneway" },
    };

    it("answers 200 with an empty body and runs the handler; drain waits for it", async () => {
      const { service, handler } = setup();
      const response = await service.handle(request({ body: encodeCall(record, ["a"], 1, "binary") }));
      expect(response).toEqual(accepted);
      await service.drain();
      expect(handler.calls.recorded).toEqual(["a"]);
    });

    it.each([
      ["Thrift/0.22.0 (C++/THttpClient)", 100],
      ["Thrift/0.9.0 (C++/THttpClient)", 100],
      ["ClouderaODBCDriverforApacheHive/2.6 Thrift/0.13.0-dev (C++/THttpClient)", 100],
      ["Thrift/0.24.0 (C++/THttpClient)", 200],
      ["Thrift/0.25.1 (C++/THttpClient)", 200],
      ["Thrift/1.0.0 (C++/THttpClient)", 200],
      ["Thrift/ (C++/THttpClient)", 200],
      ["Python/THttpClient (TestClient.py)", 200],
      ["Java/THttpClient/0.22.0", 200],
      [undefined, 200],
    ])("When the caller's User-Agent is %s Then the oneway call is answered %i", async (userAgent, status) => {
      // Apache's C++ THttpClient before 0.24.0 reads no answer to a oneway call, and skips a
      // 100 Continue; from 0.24.0 on it drops a final answer, which must be there.
      const { service, handler } = setup();
      const headers = userAgent === undefined ? {} : { "user-agent": userAgent };
      const response = await service.handle(request({ body: encodeCall(record, ["a"], 1, "binary"), headers }));
      expect(response).toEqual(status === 200 ? accepted : { ...accepted, status: 100, headers: {} });
      await service.drain();
      expect(handler.calls.recorded).toEqual(["a"]);
    });

    it("When the queue is full Then 503 and the call is not accepted; accepted calls all run", async () => {
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const recorded: string[] = [];
      const handler = {
        ...createCalcHandler(),
        record: async (event: string) => {
          await gate;
          recorded.push(event);
        },
      };
      const service = createThriftService(Calc, handler, { onewayConcurrency: 1, onewayMaxQueued: 1 });
      const send = (event: string) => service.handle(request({ body: encodeCall(record, [event], 1, "binary") }));
      const responses = [await send("a"), await send("b"), await send("c")];
      expect(responses.map((r) => r.status)).toEqual([200, 200, 503]);
      // One running, one waiting: what a shutdown cut short now would lose.
      expect(service.onewayPending).toBe(2);
      expect(responses[2]).toEqual(
        jsonError(503, "unavailable", "Too many oneway calls are waiting; retry later", {
          method: "record",
          outcome: "error",
          error: undefined,
        }),
      );
      let drained = false;
      const draining = service.drain().then(() => (drained = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(drained).toBe(false);
      release();
      await draining;
      expect(recorded).toEqual(["a", "b"]);
      expect(service.onewayPending).toBe(0);
    });

    it.each([
      ["Thrift/0.17.0 (C++/THttpClient)", { connection: "close" }],
      ["Thrift/0.24.0 (C++/THttpClient)", {}],
      [undefined, {}],
    ])(
      "When the queue is full and the caller's User-Agent is %s Then the 503 closes the connection only if that client reads no oneway answer",
      async (userAgent, extra) => {
        // Oneway calls that run until released: the queue stays full.
        let release!: () => void;
        const running = new Promise<void>((resolve) => (release = resolve));
        const handler = { ...createCalcHandler(), record: () => running };
        const service = createThriftService(Calc, handler, { onewayConcurrency: 1, onewayMaxQueued: 1 });
        const headers = userAgent === undefined ? {} : { "user-agent": userAgent };
        const send = () => service.handle(request({ body: encodeCall(record, ["x"], 1, "binary"), headers }));
        await send();
        await send();
        const full = jsonError(503, "unavailable", "Too many oneway calls are waiting; retry later", {
          method: "record",
          outcome: "error",
          error: undefined,
        });
        expect(await send()).toEqual({ ...full, headers: { ...full.headers, ...extra } });
        // Ended, not left running with their 30 s deadline timers after the test.
        release();
        await service.drain();
      },
    );

    const sentAsOneway: [string, (protocol: ProtocolName) => Buffer, string | undefined, string][] = [
      ["an unknown method", (p) => encodeCall({ ...record, name: "nope" }, ["a"], 1, p), undefined, "bad_request"],
      ["arguments cut short", (p) => encodeCall(record, ["a"], 1, p).subarray(0, -3), "record", "bad_request"],
      [
        "a method the IDL does not declare oneway",
        (p) => encodeCall({ ...add, oneway: true }, [1, 2], 1, p),
        "add",
        "ok",
      ],
    ];
    it.each(
      (["binary", "compact", "json"] as const).flatMap((protocol) =>
        sentAsOneway.map((c) => [protocol, ...c] as const),
      ),
    )(
      "When a %s message sent as ONEWAY has %s Then a client that reads no oneway answer gets none (100), and any other the Thrift reply",
      async (protocol, _case, encode, method, outcome) => {
        // Apache's C++ THttpClient before 0.24.0 would read the reply as its next call's
        // answer, and every later call on the connection the answer of the one before. It
        // sends every protocol as application/x-thrift.
        const body = encode(protocol);
        const contentType = "application/x-thrift";
        const { service } = setup();
        const answers = [];
        for (const userAgent of ["Thrift/0.17.0 (C++/THttpClient)", "Thrift/0.24.0 (C++/THttpClient)"]) {
          const response = await service.handle(request({ body, contentType, headers: { "user-agent": userAgent } }));
          answers.push({
            status: response.status,
            bytes: response.body.length > 0,
            method: response.call.method,
            outcome: response.call.outcome,
          });
        }
        expect(answers).toEqual([
          { status: 100, bytes: false, method, outcome },
          { status: 200, bytes: true, method, outcome },
        ]);
      },
    );

    it("When a oneway handler fails Then onOnewayError gets the error and the call", async () => {
      const failure = new Error("disk full");
      const onOnewayError = jest.fn();
      const handler = { ...createCalcHandler(), record: async () => Promise.reject(failure) };
      const service = createThriftService(Calc, handler, { onOnewayError });
      expect(await service.handle(request({ body: encodeCall(record, ["a"], 1, "binary"), requestId: "r-9" }))).toEqual(
        accepted,
      );
      await service.drain();
      expect(onOnewayError.mock.calls).toEqual([
        [failure, { service: "Calc", method: "record", outcome: "error", error: failure }, "r-9"],
      ]);
    });

    it("When a oneway handler fails Then the reporter set later gets it, unless the service was given its own", async () => {
      const failure = new Error("disk full");
      const handler = { ...createCalcHandler(), record: async () => Promise.reject(failure) };
      const own = jest.fn();
      const later = jest.fn();
      const withOwn = createThriftService(Calc, handler, { onOnewayError: own });
      const without = createThriftService(Calc, handler);
      withOwn.reportOnewayErrorsTo(later);
      without.reportOnewayErrorsTo(later);
      for (const service of [withOwn, without]) {
        await service.handle(request({ body: encodeCall(record, ["a"], 1, "binary"), requestId: "r-9" }));
        await service.drain();
      }
      expect([own.mock.calls.length, later.mock.calls]).toEqual([
        1,
        [[failure, { service: "Calc", method: "record", outcome: "error", error: failure }, "r-9"]],
      ]);
    });

    it("When a oneway handler fails and nobody reports it Then standard error names the call and the error's class, not its message", async () => {
      const printed = jest.spyOn(console, "error").mockImplementation(() => {});
      try {
        const handler = {
          ...createCalcHandler(),
          record: async () => Promise.reject(new TypeError("Authorization: Basic c2VjcmV0")),
        };
        const service = createThriftService(Calc, handler);
        await service.handle(request({ body: encodeCall(record, ["a"], 1, "binary"), requestId: "r-9" }));
        await service.drain();
        expect(printed.mock.calls).toEqual([
          ["Oneway call Calc.record (request r-9) failed with TypeError; pass onOnewayError to log it"],
        ]);
      } finally {
        printed.mockRestore();
      }
    });

    it("When nothing is queued Then drain resolves at once", async () => {
      await expect(setup().service.drain()).resolves.toBeUndefined();
    });
  });
});
