// createMultiplexedService: several services behind one path, each call routed by its
// "Service:method" name, and what it answers to names it does not know.
import fc from "fast-check";
import { Thrift } from "thrift";
import { Echo } from "../koa/__fixtures__/echo";
import { Calc, methods } from "./__fixtures__/calc";
import { createCalcHandler } from "./__fixtures__/calc-handler";
import type { MethodDefinition } from "./definition";
import { encodeGetPath } from "./get";
import type { ThriftHttpRequest, ThriftHttpResponse } from "./http";
import { decodeReply, encodeApplicationException, encodeCall } from "./message";
import { createMultiplexedService, type MultiplexedServiceOptions } from "./multiplexed";
import { contentTypes, type ProtocolName } from "./protocols";
import { createThriftService, type ThriftService } from "./service";

const { TApplicationExceptionType: App } = Thrift;
const { add, divide, shout, record, wait } = methods;
const protocols: ProtocolName[] = ["binary", "compact", "json"];

function request(overrides: Partial<ThriftHttpRequest> = {}): ThriftHttpRequest {
  return {
    method: "POST",
    path: "",
    query: "",
    contentType: "application/x-thrift",
    body: Buffer.alloc(0),
    requestId: "req-1",
    identity: undefined,
    headers: {},
    ...overrides,
  };
}

/** A call of `method` under the name a multiplexed client writes. */
function muxCall(service: string, method: MethodDefinition, args: unknown[], seqid: number, protocol: ProtocolName) {
  return encodeCall({ ...method, name: `${service}:${method.name}` }, args, seqid, protocol);
}

function setup(options: MultiplexedServiceOptions = { defaultService: "Calc" }) {
  const handler = createCalcHandler();
  const calc = createThriftService(Calc, handler);
  const echo = createThriftService(Echo, { echo: async (req) => ({ msg: `echo ${req.msg}` }) });
  return { handler, calc, echo, both: createMultiplexedService({ Calc: calc, Echo: echo }, options) };
}

/** What `service` answers, with the report naming the service that answered. */
const answeredBy = (response: ThriftHttpResponse, service: string) => ({
  ...response,
  call: { ...response.call, service },
});

describe("createMultiplexedService", () => {
  describe("registration", () => {
    const calc = createThriftService(Calc, createCalcHandler());

    it.each([
      ["no service", {}, {}, "A multiplexed service needs at least one service"],
      ["a name with :", { "Calc:x": calc }, {}, 'Multiplexed service name "Calc:x" must be non-empty, without ":"'],
      ["an empty name", { "": calc }, {}, 'Multiplexed service name "" must be non-empty, without ":"'],
      ["no service under a name", { Calc: {} as ThriftService }, {}, "The service named Calc is not a ThriftService"],
      ["an unknown default", { Calc: calc }, { defaultService: "Echo" }, "The default service Echo is none of Calc"],
    ])("When given %s Then it throws", (_, services, options, message) => {
      expect(() => createMultiplexedService(services, options)).toThrow(message);
    });

    it("Then its definition names both services and every name a message may carry", () => {
      const { both } = setup();
      expect(both.definition.name).toBe("Calc+Echo");
      expect(Object.keys(both.definition.methods).sort()).toEqual(
        [...Object.keys(methods).flatMap((name) => [name, `Calc:${name}`]), "Echo:echo"].sort(),
      );
    });
  });

  describe("a multiplexed call", () => {
    it.each(protocols)(
      "When %s calls name Service:method Then that service answers it as method, exactly as it answers a plain call",
      async (protocol) => {
        const { both, calc } = setup();
        const seqids = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
        await fc.assert(
          fc.asyncProperty(seqids, fc.array(fc.string()), async (seqid, words) => {
            const plain = await calc.handle(request({ body: encodeCall(shout, [words], seqid, protocol) }));
            const muxed = await both.handle(request({ body: muxCall("Calc", shout, [words], seqid, protocol) }));
            expect(muxed).toEqual(answeredBy(plain, "Calc"));
          }),
        );
      },
    );

    it.each(protocols)("When %s calls another service at the same path Then it answers", async (protocol) => {
      const { both } = setup();
      const echo = Echo.methods.echo!;
      const response = await both.handle(request({ body: muxCall("Echo", echo, [{ msg: "hi" }], 5, protocol) }));
      expect(response.call).toEqual({ service: "Echo", method: "echo", outcome: "ok", error: undefined });
      expect(decodeReply(echo, response.body, protocol)).toEqual({ kind: "success", value: { msg: "echo hi" } });
    });

    it("When the service throws a declared exception Then the reply carries it", async () => {
      const { both } = setup();
      const response = await both.handle(request({ body: muxCall("Calc", divide, [1, 0], 2, "compact") }));
      expect(response.call).toMatchObject({ service: "Calc", method: "divide", outcome: "exception" });
      expect(decodeReply(divide, response.body, "compact")).toMatchObject({
        kind: "declared",
        error: { message: "b is 0" },
      });
    });

    it("When a oneway call comes multiplexed Then 200 with an empty body, and the handler runs", async () => {
      const { both, handler } = setup();
      const response = await both.handle(request({ body: muxCall("Calc", record, ["e"], 1, "binary") }));
      expect(response).toMatchObject({
        status: 200,
        body: Buffer.alloc(0),
        call: { service: "Calc", outcome: "oneway" },
      });
      await both.drain();
      expect(handler.calls.recorded).toEqual(["e"]);
    });

    it("When the caller's deadline passes Then 504, as from the service itself", async () => {
      const { both } = setup();
      const response = await both.handle(request({ body: muxCall("Calc", wait, [1000], 1, "binary") }));
      expect(response).toMatchObject({ status: 504, call: { service: "Calc", method: "wait", outcome: "timeout" } });
    });

    it("passes the request's id, identity, headers and signal on to the handler", async () => {
      const { both, handler } = setup();
      const caller = new AbortController();
      caller.abort("gone");
      const headers = { "x-custom": "1" };
      const body = muxCall("Calc", add, [1, 2], 1, "json");
      await both.handle(request({ body, identity: "ann", headers, signal: caller.signal }));
      expect(handler.calls.context).toMatchObject({ requestId: "req-1", identity: "ann", headers });
      expect(handler.calls.context!.signal.reason).toBe("gone");
    });
  });

  describe("a name without a service", () => {
    it.each(protocols)("When %s calls a plain name Then the default service answers", async (protocol) => {
      const { both, calc } = setup();
      const body = encodeCall(add, [2, 3], 9, protocol);
      expect(await both.handle(request({ body }))).toEqual(answeredBy(await calc.handle(request({ body })), "Calc"));
    });

    it.each(protocols)(
      "When there is no default Then %s gets UNKNOWN_METHOD, saying how to call it",
      async (protocol) => {
        const { both } = setup({});
        const response = await both.handle(request({ body: encodeCall(add, [2, 3], 9, protocol) }));
        const message = "Unknown method add: call it as <service>:add";
        expect(response).toEqual({
          status: 200,
          headers: { "content-type": contentTypes[protocol], "cache-control": "no-store" },
          body: encodeApplicationException("add", 9, App.UNKNOWN_METHOD, message, protocol),
          call: { service: "Calc+Echo", method: undefined, outcome: "bad_request" },
        });
      },
    );

    it.each(protocols)("When %s names an unknown service Then UNKNOWN_METHOD under the name sent", async (protocol) => {
      const { both } = setup();
      const response = await both.handle(request({ body: muxCall("Nope", add, [2, 3], 4, protocol) }));
      expect(response.body).toEqual(
        encodeApplicationException("Nope:add", 4, App.UNKNOWN_METHOD, "Unknown service Nope", protocol),
      );
      expect(response.call).toEqual({ service: "Calc+Echo", method: undefined, outcome: "bad_request" });
    });

    it.each(protocols)(
      "When %s names a known service twice (Calc:Calc:add) Then UNKNOWN_METHOD, as Apache's processors answer",
      async (protocol) => {
        const { both } = setup();
        const response = await both.handle(request({ body: muxCall("Calc:Calc", add, [2, 3], 4, protocol) }));
        expect(response.body).toEqual(
          encodeApplicationException("Calc:Calc:add", 4, App.UNKNOWN_METHOD, "Unknown method Calc:add", protocol),
        );
        expect(response.call).toEqual({ service: "Calc+Echo", method: undefined, outcome: "bad_request" });
      },
    );

    it("When a known service is asked for a method it lacks Then that service answers UNKNOWN_METHOD", async () => {
      const { both } = setup();
      const response = await both.handle(request({ body: muxCall("Echo", add, [2, 3], 4, "binary") }));
      expect(response.body).toEqual(
        encodeApplicationException("add", 4, App.UNKNOWN_METHOD, "Unknown method add", "binary"),
      );
      expect(response.call).toEqual({ service: "Echo", method: undefined, outcome: "bad_request" });
    });
  });

  describe("HTTP", () => {
    it("When the header cannot be read Then 400", async () => {
      const { both } = setup();
      const response = await both.handle(request({ body: Buffer.from([0x82, 0x21]) }));
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body.toString())).toEqual({
        code: "bad_request",
        message: "Undecodable Thrift message: its header cannot be read",
      });
    });

    it.each([
      ["a GET", { method: "GET" }, 405],
      ["text/plain", { contentType: "text/plain" }, 415],
      ["without Content-Type", { contentType: undefined }, 415],
    ])("When the request at the mount path is %s Then %i, before the body is read", (_, head, status) => {
      const { both } = setup();
      const refusal = both.admit({
        method: "POST",
        path: "",
        contentType: "application/x-thrift",
        headers: {},
        ...head,
      });
      expect(refusal).toMatchObject({ status });
    });

    it("When the path names a method Then it is the default service's: GET for side-effect-free calls", async () => {
      const { both } = setup();
      const [path, query] = encodeGetPath("", add, [2, 3]).split("?");
      const response = await both.handle(request({ method: "GET", path: path!, query: query! }));
      expect(response).toMatchObject({ status: 200, call: { service: "Calc", method: "add", outcome: "ok" } });
    });

    it("When the path names a method and there is no default Then 404", () => {
      const { both } = setup({});
      expect(both.admit({ method: "POST", path: "/add", contentType: contentTypes.binary, headers: {} })).toMatchObject(
        {
          status: 404,
        },
      );
    });
  });

  describe("before the body", () => {
    const head = (path: string, headers: Record<string, string> = {}) => ({
      method: "POST",
      path,
      contentType: contentTypes.binary,
      headers,
    });

    it("When the caller sends Thrift-Timeout-Ms Then the body is awaited that long, as by the services", () => {
      const { both, calc } = setup();
      for (const path of ["", "/add"]) {
        expect(both.admit(head(path, { "thrift-timeout-ms": "250" }))).toBe(250);
        expect(both.admit(head(path))).toBe(calc.admit(head(path)));
      }
    });

    it("When the services allow different times Then the mount path awaits a body as long as the most patient", () => {
      const calc = createThriftService(Calc, createCalcHandler(), { maxTimeoutMs: 100 });
      const echo = createThriftService(
        Echo,
        { echo: async (req) => ({ msg: `echo ${req.msg}` }) },
        { maxTimeoutMs: 300 },
      );
      for (const options of [{}, { defaultService: "Calc" }]) {
        const both = createMultiplexedService({ Calc: calc, Echo: echo }, options);
        expect(both.admit(head(""))).toBe(300);
        expect(both.admit(head("", { "thrift-timeout-ms": "200" }))).toBe(200);
      }
      const late = { kind: "late", timeoutMs: 300 } as const;
      expect(createMultiplexedService({ Calc: calc, Echo: echo }).refuseBody(head(""), late)).toEqual(
        calc.refuseBody(head(""), late),
      );
    });

    it("When a body is late Then the answer is the default service's 504", () => {
      const { both, calc } = setup();
      const late = { kind: "late", timeoutMs: 250 } as const;
      expect(both.refuseBody(head("/add"), late)).toEqual(calc.refuseBody(head("/add"), late));
      expect(both.refuseBody(head("/add"), late).status).toBe(504);
    });
  });

  describe("oneway errors", () => {
    it("When a reporter is given Then every service's oneway failures reach it", async () => {
      const failing = createThriftService(Calc, {
        ...createCalcHandler(),
        record: async () => Promise.reject(new Error("lost")),
      });
      const both = createMultiplexedService(
        { Calc: failing, Again: failing, Echo: setup().echo },
        { defaultService: "Calc" },
      );
      const reported: string[] = [];
      both.reportOnewayErrorsTo((error, call) => reported.push(`${call.method}: ${(error as Error).message}`));
      await both.handle(request({ body: muxCall("Calc", record, ["e"], 1, "binary") }));
      await both.drain();
      expect(reported).toEqual(["record: lost"]);
    });
  });
});
