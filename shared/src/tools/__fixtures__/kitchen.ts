// The Kitchen service of the codegen fixtures (everything.thrift: every Thrift type,
// declared exceptions, every policy, a oneway method), served natively as every
// service of the starter is (createServerApp: auth, request ids, X-Served-By), on
// 127.0.0.1 port 0, over HTTP/1.1, or HTTPS with HTTP/2.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { createSecureServer, type Http2SecureServer } from "node:http2";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createThriftService } from "../../core/service";
import { Chain, Conflict, Kitchen, NotFound, type KitchenHandler } from "../../codegen/fixtures/everything";
import { createServerApp } from "../../server/app";
import { createLogger } from "../../server/logger";
import type { TlsFiles } from "../../client/__fixtures__/servers";

export const kitchenIdl = join(__dirname, "..", "..", "codegen", "fixtures", "everything.thrift");
export const credentials = { user: "cook", password: "s3cret", token: "t0ken" };

export interface RunningKitchen {
  /** The service's URL: its mount path, /kitchen. */
  readonly url: string;
  /** The events `fire` received, in order. */
  readonly fired: string[];
  /** The request headers of each call of `ping`. */
  readonly pinged: Record<string, string | string[] | undefined>[];
  /** Resolves once `fire` has received `count` events. */
  firedCount(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * echo answers its argument; shapes answers radius = id for each id, or throws NotFound
 * for id 404, Conflict for 409 and a plain Error (INTERNAL_ERROR) for 500; fail throws
 * a Chain of two; simplify answers its expr, or for `{"literal": "-1"}` waits until the
 * call's deadline.
 */
export async function startKitchen(options: { tls?: TlsFiles } = {}): Promise<RunningKitchen> {
  const fired: string[] = [];
  const pinged: Record<string, string | string[] | undefined>[] = [];
  const waiting: (() => void)[] = [];
  const handler: KitchenHandler = {
    echo: async (value) => value,
    ping: async (ctx) => void pinged.push({ ...ctx.headers }),
    shapes: async (ids) => {
      if (ids.includes(404n)) throw new NotFound({ key: "404", message: "no shape 404" });
      if (ids.includes(409n)) throw new Conflict({ id: 409n, reasons: ["taken", "twice"] });
      if (ids.includes(500n)) throw new Error("the oven is on fire");
      return new Map(ids.map((id) => [id, { case: "radius", value: Number(id) }]));
    },
    fire: async (event) => {
      fired.push(event);
      for (const wake of waiting.splice(0)) wake();
    },
    fail: async () => {
      throw new Chain({ reason: "outer", inner: new Chain({ reason: "inner" }) });
    },
    simplify: async (expr, _context, _keyed, _words, ctx) => {
      if (expr.case === "literal" && expr.value === -1n) await once(ctx.signal, "abort");
      return expr;
    },
  };
  // echo's timeout_ms (250 ms) lifted: tests share one process with the server, and a
  // loaded machine may stall it longer than that. Callers pass --timeout-ms for the same reason.
  const echo = Kitchen.methods["echo"]!;
  const definition = {
    ...Kitchen,
    methods: { ...Kitchen.methods, echo: { ...echo, policy: { ...echo.policy, timeoutMs: undefined } } },
  };
  const app = createServerApp({
    services: { "/kitchen": createThriftService(definition, handler) },
    logger: createLogger({ level: "silent", name: "kitchen" }),
    auth: {
      basicUsers: new Map([[credentials.user, credentials.password]]),
      bearerTokens: new Map([["tester", credentials.token]]),
      realm: "kitchen",
    },
    servedBy: "kitchen-1",
  });
  const server: Server | Http2SecureServer =
    options.tls === undefined
      ? createServer(app.koa.callback())
      : createSecureServer({ key: options.tls.key, cert: options.tls.cert, allowHTTP1: true }, app.koa.callback());
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls === undefined ? "http" : "https"}://127.0.0.1:${port}/kitchen`,
    fired,
    pinged,
    async firedCount(count) {
      while (fired.length < count) await new Promise<void>((resolve) => waiting.push(resolve));
    },
    async close() {
      if ("closeAllConnections" in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.drain();
    },
  };
}
