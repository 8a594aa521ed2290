// The Koa adapter end to end over HTTP, as middleware and as a router: mount-path rules,
// content negotiation, GET and POST calls, body limits and the error answers.
import { once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import Koa from "koa";
import { Thrift } from "thrift";
import { Calc, methods } from "../core/__fixtures__/calc";
import { createCalcHandler } from "../core/__fixtures__/calc-handler";
import type { CallContext } from "../core/definition";
import { encodeGetPath } from "../core/get";
import { encodeCall, encodeReply } from "../core/message";
import { contentTypes } from "../core/protocols";
import { createMultiplexedService } from "../core/multiplexed";
import { createThriftService, type ThriftService } from "../core/service";
import type { CallReport } from "../core/http";
import { Echo } from "./__fixtures__/echo";
import { createThriftMiddleware, createThriftRouter, type ThriftRouterOptions, type ThriftRouterState } from "./router";

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ""), "hex");

interface Started {
  url: string;
  port: number;
  /** `ctx.state.thrift` of every request, in order. */
  records: CallReport[];
  /** Errors Koa reported (it logs them unless someone listens). */
  appErrors: unknown[];
  close(): Promise<void>;
}

type MountOn = (
  app: Koa<ThriftRouterState>,
  services: Record<string, ThriftService>,
  options?: ThriftRouterOptions,
) => void;

// Both ways in are held to every test below.
const flavors: [string, MountOn][] = [
  ["createThriftMiddleware", (app, services, options) => void app.use(createThriftMiddleware(services, options))],
  [
    "createThriftRouter",
    (app, services, options) => {
      const router = createThriftRouter(services, options);
      app.use(router.routes()).use(router.allowedMethods());
    },
  ],
];
let mountOn: MountOn = flavors[0]![1];
const build = (services: Record<string, ThriftService>, options?: ThriftRouterOptions) =>
  mountOn(new Koa<ThriftRouterState>(), services, options);

let started: Started | undefined;
afterEach(async () => {
  const errors = started?.appErrors;
  await started?.close();
  started = undefined;
  expect(errors ?? []).toEqual([]);
});

/** A Koa app on 127.0.0.1, port 0, with the router after `upstream`. */
async function start(
  services: Record<string, ThriftService>,
  options?: ThriftRouterOptions,
  upstream: Koa.Middleware<ThriftRouterState> = (_, next) => next(),
): Promise<Started> {
  const app = new Koa<ThriftRouterState>();
  const records: CallReport[] = [];
  const appErrors: unknown[] = [];
  app.on("error", (error) => appErrors.push(error));
  app.use(async (ctx, next) => {
    await next();
    if (ctx.state.thrift) records.push(ctx.state.thrift);
  });
  app.use(upstream);
  mountOn(app, services, options);
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  started = {
    url: `http://127.0.0.1:${port}`,
    port,
    records,
    appErrors,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return started;
}

function calcService(handler = createCalcHandler()) {
  return createThriftService(Calc, handler);
}

const echoService = createThriftService(Echo, { echo: async (req) => ({ msg: req.msg }) });

/** Status, the headers that matter here, and the body of a fetch response. */
async function read(response: Response, headers: string[] = ["content-type", "cache-control"]) {
  return {
    status: response.status,
    headers: Object.fromEntries(headers.map((name) => [name, response.headers.get(name)])),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe.each(flavors)("%s", (_name, flavor) => {
  beforeAll(() => {
    mountOn = flavor;
  });

  describe("registration", () => {
    it.each(["echo", "/echo/", "/:echo", "/echo*", ""])("When the mount path is %j Then it throws", (mount) => {
      expect(() => build({ [mount]: echoService })).toThrow(
        `Mount path ${JSON.stringify(mount)} must be / or like /name or /a/b (letters, digits, . _ ~ -)`,
      );
    });

    it("When one mount path is inside another Then it throws", () => {
      expect(() => build({ "/a": echoService, "/a/b": echoService })).toThrow("Mount paths /a and /a/b overlap");
    });

    it("When a value is not a service Then it throws", () => {
      expect(() => build({ "/echo": {} as ThriftService })).toThrow("The service at /echo is not a ThriftService");
    });

    it("When maxBodyBytes is not an integer Then it throws", () => {
      expect(() => build({}, { maxBodyBytes: 1.5 })).toThrow(
        "Option maxBodyBytes must be a non-negative integer, got 1.5",
      );
    });
  });

  describe("the stock Apache Node client", () => {
    // Generated by Apache's compiler (see the fixture's README); untyped JavaScript.
    const { Client } = require("./__fixtures__/apache-echo/Echo") as { Client: unknown };
    const { EchoReq, EchoRes } = require("./__fixtures__/apache-echo/echo_types") as Record<
      string,
      new (args: {
        msg: string;
      }) => object
    >;
    const apache = require("thrift") as {
      createHttpConnection(host: string, port: number, options: object): NodeJS.EventEmitter;
      createHttpClient(client: unknown, connection: NodeJS.EventEmitter): { echo(req: object): Promise<object> };
      TBufferedTransport: unknown;
    } & Record<"TBinaryProtocol" | "TCompactProtocol" | "TJSONProtocol", unknown>;

    function apacheClient(
      port: number,
      protocol: "TBinaryProtocol" | "TCompactProtocol" | "TJSONProtocol",
      headers: object = {},
    ) {
      const connection = apache.createHttpConnection("127.0.0.1", port, {
        path: "/echo",
        transport: apache.TBufferedTransport,
        protocol: apache[protocol],
        headers,
      });
      const errors: unknown[] = [];
      connection.on("error", (error) => errors.push(error));
      return { client: apache.createHttpClient(Client, connection), errors };
    }

    it("When it calls echo with its defaults (binary, application/x-thrift) Then it gets the reply", async () => {
      const { port } = await start({ "/calc": calcService(), "/echo": echoService });
      const { client, errors } = apacheClient(port, "TBinaryProtocol");
      await expect(client.echo(new EchoReq!({ msg: "héllo" }))).resolves.toEqual(new EchoRes!({ msg: "héllo" }));
      expect(errors).toEqual([]);
    });

    it.each([
      ["TCompactProtocol", contentTypes.compact],
      ["TJSONProtocol", contentTypes.json],
      // Its default type, whatever the protocol, as Apache's Python and Go clients send.
      ["TCompactProtocol", "application/x-thrift"],
      ["TJSONProtocol", "application/x-thrift"],
    ] as const)("When it speaks %s with Content-Type %s Then it gets the reply", async (protocol, contentType) => {
      const { port } = await start({ "/echo": echoService });
      const { client, errors } = apacheClient(port, protocol, { "Content-Type": contentType });
      await expect(client.echo(new EchoReq!({ msg: "hi" }))).resolves.toEqual(new EchoRes!({ msg: "hi" }));
      expect(errors).toEqual([]);
    });

    it("When the handler fails Then it rejects with INTERNAL_ERROR and a generic message", async () => {
      const failing = createThriftService(Echo, { echo: async () => Promise.reject(new Error("secret")) });
      const { port } = await start({ "/echo": failing });
      const { client } = apacheClient(port, "TBinaryProtocol");
      await expect(client.echo(new EchoReq!({ msg: "hi" }))).rejects.toMatchObject({
        name: "TApplicationException",
        type: Thrift.TApplicationExceptionType.INTERNAL_ERROR,
        message: "Internal error",
      });
    });
  });

  describe("a call over HTTP", () => {
    it("When a hand-assembled binary echo is POSTed Then the exact reply bytes come back", async () => {
      const { url, records } = await start({ "/calc": calcService(), "/echo": echoService });
      const response = await fetch(`${url}/echo`, {
        method: "POST",
        headers: { "content-type": "application/x-thrift" },
        body: hex("80010001 00000004 6563686f 00000001  0c 0001  0b 0001 00000002 6869  00  00"),
      });
      expect(await read(response, ["content-type", "cache-control", "content-length"])).toEqual({
        status: 200,
        headers: { "content-type": contentTypes.binary, "cache-control": "no-store", "content-length": "30" },
        body: hex("80010002 00000004 6563686f 00000001  0c 0000  0b 0001 00000002 6869  00  00"),
      });
      expect(records).toEqual([{ service: "Echo", method: "echo", outcome: "ok", error: undefined }]);
    });

    it("When a side-effect-free call comes as GET Then it is answered, cacheable", async () => {
      const { url } = await start({ "/calc": calcService() });
      const response = await fetch(url + encodeGetPath("/calc", methods.add, [2, 3]));
      expect(await read(response)).toEqual({
        status: 200,
        headers: { "content-type": contentTypes.binary, "cache-control": "public, max-age=10" },
        body: encodeReply(methods.add, 0, "binary", { kind: "success", value: 5 }),
      });
    });

    it("When upstream middleware set the identity Then a cacheable reply is private, and the handler sees it", async () => {
      const handler = createCalcHandler();
      const { url } = await start({ "/calc": calcService(handler) }, {}, async (ctx, next) => {
        ctx.state.identity = "ann";
        ctx.state.requestId = "req-upstream";
        await next();
      });
      const response = await fetch(url + encodeGetPath("/calc", methods.add, [2, 3]), {
        headers: { "x-request-id": "ignored" },
      });
      expect(response.headers.get("cache-control")).toBe("private, max-age=10");
      expect(handler.calls.context).toMatchObject({ identity: "ann", requestId: "req-upstream" });
    });

    it("When no middleware set a request id Then X-Request-ID is used, or one is generated", async () => {
      const handler = createCalcHandler();
      const { url } = await start({ "/calc": calcService(handler) });
      await fetch(url + encodeGetPath("/calc", methods.add, [2, 3]), { headers: { "x-request-id": "req-7" } });
      expect(handler.calls.context?.requestId).toBe("req-7");
      await fetch(url + encodeGetPath("/calc", methods.add, [2, 3]));
      expect(handler.calls.context?.requestId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    });

    it.each([
      ["too long", "a".repeat(129)],
      ["with a space", "req 7"],
      ["with a quote", 'req"7'],
      ["a JSON log line", '{"level":60,"msg":"forged"}'],
      ["not ASCII", "r\u00e9q"],
    ])("When no middleware set a request id and X-Request-ID is %s Then a fresh one replaces it", async (_case, id) => {
      const handler = createCalcHandler();
      const { url } = await start({ "/calc": calcService(handler) });
      await fetch(url + encodeGetPath("/calc", methods.add, [2, 3]), { headers: { "x-request-id": id } });
      expect(handler.calls.context?.requestId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    });

    it("When a oneway call is POSTed Then 200 with an empty body, and the handler runs", async () => {
      const handler = createCalcHandler();
      const service = calcService(handler);
      const { url, records } = await start({ "/calc": service });
      const response = await fetch(`${url}/calc`, {
        method: "POST",
        headers: { "content-type": contentTypes.compact },
        body: encodeCall(methods.record, ["e"], 1, "compact"),
      });
      expect(await read(response)).toEqual({
        status: 200,
        headers: { "content-type": contentTypes.compact, "cache-control": "no-store" },
        body: Buffer.alloc(0),
      });
      await service.drain();
      expect(handler.calls.recorded).toEqual(["e"]);
      expect(records).toEqual([{ service: "Calc", method: "record", outcome: "oneway", error: undefined }]);
    });

    it("When the handler outlives the caller's Thrift-Timeout-Ms Then 504", async () => {
      const { url, records } = await start({ "/calc": calcService() });
      const response = await fetch(`${url}/calc`, {
        method: "POST",
        headers: { "content-type": contentTypes.binary, "thrift-timeout-ms": "10" },
        body: encodeCall(methods.wait, [1000], 1, "binary"),
      });
      expect(await read(response)).toEqual({
        status: 504,
        headers: { "content-type": "application/json", "cache-control": "no-store" },
        body: json({ code: "deadline_exceeded", message: "wait did not finish within its deadline of 10 ms" }),
      });
      expect(records).toEqual([{ service: "Calc", method: "wait", outcome: "timeout", error: undefined }]);
    });
  });

  describe("a service at the root, and services multiplexed at one path", () => {
    it("When a service is mounted at / Then POST / calls it, beside the other mounts", async () => {
      const { url, records } = await start({ "/": echoService, "/calc": calcService() });
      const call = (path: string, body: Buffer) =>
        fetch(url + path, { method: "POST", headers: { "content-type": contentTypes.binary }, body });
      const echoed = await call("/", encodeCall(Echo.methods.echo!, [{ msg: "hi" }], 1, "binary"));
      expect(await read(echoed)).toEqual({
        status: 200,
        headers: { "content-type": contentTypes.binary, "cache-control": "no-store" },
        body: encodeReply(Echo.methods.echo!, 1, "binary", { kind: "success", value: { msg: "hi" } }),
      });
      expect((await call("/calc", encodeCall(methods.add, [1, 2], 1, "binary"))).status).toBe(200);
      // The root's own method paths would be every other mount's: they are not its.
      expect((await call("/echo", encodeCall(Echo.methods.echo!, [{ msg: "hi" }], 1, "binary"))).status).toBe(404);
      expect((await fetch(`${url}/`)).status).toBe(405);
      expect(records.map(({ service, method }) => [service, method])).toEqual([
        ["Echo", "echo"],
        ["Calc", "add"],
        ["Echo", undefined],
      ]);
    });

    it("When services are multiplexed at one path Then each call is logged under the service that answered", async () => {
      const both = createMultiplexedService({ Calc: calcService(), Echo: echoService });
      const { url, records } = await start({ "/both": both });
      const echo = { ...Echo.methods.echo!, name: "Echo:echo" };
      const response = await fetch(`${url}/both`, {
        method: "POST",
        headers: { "content-type": "application/x-thrift" },
        body: encodeCall(echo, [{ msg: "hi" }], 3, "compact"),
      });
      expect(await read(response)).toEqual({
        status: 200,
        headers: { "content-type": contentTypes.compact, "cache-control": "no-store" },
        body: encodeReply(Echo.methods.echo!, 3, "compact", { kind: "success", value: { msg: "hi" } }),
      });
      expect(records).toEqual([{ service: "Echo", method: "echo", outcome: "ok", error: undefined }]);
    });
  });

  describe("deadlines", () => {
    it("When the body arrives slower than the caller's timeout Then 504 without calling the handler", async () => {
      const handler = createCalcHandler();
      // The rest of the body is sent once the request reached the router, whatever the load.
      let arrived!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const { port } = await start({ "/calc": calcService(handler) }, {}, (_, next) => {
        arrived();
        return next();
      });
      const body = encodeCall(methods.add, [1, 2], 1, "binary");
      const req = httpRequest({
        port,
        host: "127.0.0.1",
        method: "POST",
        path: "/calc",
        headers: {
          "content-type": contentTypes.binary,
          "content-length": String(body.length),
          "thrift-timeout-ms": "20",
        },
      });
      const response = once(req, "response") as Promise<[IncomingMessage]>;
      req.write(body.subarray(0, 5));
      await reached;
      // A slow client: the rest of the body comes after the caller's deadline.
      await delay(40);
      req.end(body.subarray(5));
      const [res] = await response;
      res.resume();
      expect(res.statusCode).toBe(504);
      expect(handler.calls.context).toBeUndefined();
    });
  });

  describe("refusals", () => {
    const jsonHeaders = { "content-type": "application/json", "cache-control": "no-store" };

    it.each([
      ["PUT", "/calc", "POST"],
      ["GET", "/calc", "POST"],
      ["GET", "/calc/divide", "POST"],
      ["DELETE", "/calc/add", "GET, POST"],
    ])("When %s %s Then 405 with Allow: %s", async (method, path, allow) => {
      const { url } = await start({ "/calc": calcService() });
      const response = await fetch(url + path, { method });
      expect(await read(response, ["content-type", "cache-control", "allow"])).toEqual({
        status: 405,
        headers: { ...jsonHeaders, allow },
        body: json({ code: "method_not_allowed", message: `Allowed here: ${allow}` }),
      });
    });

    it("When the method is unknown Then 404", async () => {
      const { url, records } = await start({ "/calc": calcService() });
      expect(await read(await fetch(`${url}/calc/nope?m=AA`))).toEqual({
        status: 404,
        headers: jsonHeaders,
        body: json({ code: "not_found", message: "Service Calc has no method nope" }),
      });
      expect(records).toEqual([{ service: "Calc", method: undefined, outcome: "bad_request", error: undefined }]);
    });

    it("When an unknown method's name is long Then the 404 quotes only its start", async () => {
      const { url } = await start({ "/calc": calcService() });
      const name = "n".repeat(5000);
      expect(await read(await fetch(`${url}/calc/${name}?m=AA`))).toEqual({
        status: 404,
        headers: jsonHeaders,
        body: json({ code: "not_found", message: `Service Calc has no method ${"n".repeat(100)}… (5000 characters)` }),
      });
    });

    it("When the Content-Type is not Thrift Then 415, before the body is read", async () => {
      const { port } = await start({ "/calc": calcService() });
      // Declares a body it never sends: only an answer that does not wait for it arrives.
      const response = await rawRequest(port, { "content-type": "text/plain", "content-length": "100" }, []);
      expect(response.status).toBe(415);
    });

    it("When the body is not a Thrift message Then 400", async () => {
      const { url } = await start({ "/calc": calcService() });
      const response = await fetch(`${url}/calc`, {
        method: "POST",
        headers: { "content-type": contentTypes.binary },
        body: "garbage",
      });
      expect(await read(response)).toEqual({
        status: 400,
        headers: jsonHeaders,
        body: json({ code: "bad_request", message: "Undecodable Thrift message: Unexpected end of message" }),
      });
    });

    it("When Content-Length is over maxBodyBytes Then 413, before the body is read", async () => {
      const { port, records } = await start({ "/calc": calcService() }, { maxBodyBytes: 64 });
      const response = await rawRequest(port, { "content-type": contentTypes.binary, "content-length": "65" }, []);
      expect(response).toEqual({
        status: 413,
        connection: "close",
        body: json({ code: "payload_too_large", message: "The body exceeds the limit of 64 bytes" }).toString(),
      });
      expect(records).toEqual([{ service: "Calc", method: undefined, outcome: "bad_request", error: undefined }]);
    });

    it("When a chunked body grows over maxBodyBytes Then 413", async () => {
      const { port } = await start({ "/calc": calcService() }, { maxBodyBytes: 64 });
      const response = await rawRequest(port, { "content-type": contentTypes.binary }, [
        Buffer.alloc(40),
        Buffer.alloc(40),
      ]);
      expect(response.status).toBe(413);
    });

    it("When the body stalls past the caller's Thrift-Timeout-Ms Then 504 at the deadline, closing the connection", async () => {
      const { port, records } = await start({ "/calc": calcService() });
      const headers = { "content-type": contentTypes.binary, "content-length": "100", "thrift-timeout-ms": "100" };
      const response = await rawRequest(port, headers, [Buffer.alloc(10)]);
      expect(response).toEqual({
        status: 504,
        connection: "close",
        body: json({
          code: "deadline_exceeded",
          message: "The request body did not arrive within the call's deadline of 100 ms",
        }).toString(),
      });
      expect(records).toEqual([{ service: "Calc", method: undefined, outcome: "timeout", error: undefined }]);
    });

    it("When a body is exactly maxBodyBytes Then it is read", async () => {
      const body = encodeCall(methods.shout, [["x".repeat(20)]], 1, "binary");
      const { url } = await start({ "/calc": calcService() }, { maxBodyBytes: body.length });
      const response = await fetch(`${url}/calc`, {
        method: "POST",
        headers: { "content-type": contentTypes.binary },
        body,
      });
      expect(response.status).toBe(200);
    });
  });

  describe("a caller that goes away", () => {
    it("When it goes away while sending the body Then nothing breaks and the next call is served", async () => {
      let arrived = false;
      const { port, url, records, appErrors } = await start({ "/calc": calcService() }, {}, (_, next) => {
        arrived = true;
        return next();
      });
      const req = httpRequest({
        port,
        host: "127.0.0.1",
        method: "POST",
        path: "/calc",
        headers: { "content-type": contentTypes.binary, "content-length": "1000" },
      });
      req.on("error", () => {});
      req.write(Buffer.alloc(10));
      await waitFor(() => arrived);
      req.destroy();
      await waitFor(() => records.length === 1);
      expect(records).toEqual([
        {
          service: "Calc",
          method: undefined,
          outcome: "bad_request",
          error: expect.objectContaining({ code: "ECONNRESET" }),
        },
      ]);
      // Koa reports the broken connection to the app's error listeners, and only there.
      expect(appErrors).toEqual([expect.objectContaining({ code: "HPE_INVALID_EOF_STATE" })]);
      appErrors.length = 0;
      const response = await fetch(url + encodeGetPath("/calc", methods.add, [1, 1]));
      expect(response.status).toBe(200);
    });

    it("When it goes away while the handler runs Then the handler's signal aborts", async () => {
      let reason: Promise<unknown> | undefined;
      const handler = {
        ...createCalcHandler(),
        wait: (_: number, context: CallContext) => {
          reason = new Promise((resolve) =>
            context.signal.addEventListener("abort", () => resolve(context.signal.reason)),
          );
          return reason.then(() => "aborted");
        },
      };
      const { url } = await start({ "/calc": calcService(handler) });
      const caller = new AbortController();
      const pending = fetch(`${url}/calc`, {
        method: "POST",
        headers: { "content-type": contentTypes.binary },
        body: encodeCall(methods.wait, [1000], 1, "binary"),
        signal: caller.signal,
      });
      await waitFor(() => reason !== undefined);
      caller.abort();
      await expect(pending).rejects.toMatchObject({ name: "AbortError" });
      await expect(reason).resolves.toEqual(new Error("The caller went away"));
    });
  });
});

/** A POST to /calc with `headers`, writing `chunks` (chunked unless a Content-Length is given) without ending. */
function rawRequest(port: number, headers: Record<string, string>, chunks: Buffer[]) {
  return new Promise<{ status: number | undefined; connection: string | undefined; body: string }>(
    (resolve, reject) => {
      const req = httpRequest({ port, host: "127.0.0.1", method: "POST", path: "/calc", headers });
      req.on("error", reject);
      req.on("response", (res: IncomingMessage) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          resolve({ status: res.statusCode, connection: res.headers.connection, body });
          req.destroy();
        });
      });
      for (const chunk of chunks) req.write(chunk);
      req.flushHeaders();
    },
  );
}

/** Resolves once `condition` holds, checking on every turn of the event loop. */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
