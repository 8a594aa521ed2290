// Apache `thrift` and the code its compiler generates for echo.thrift (the committed
// fixture, see its README): the peers most users would otherwise pick. Both are untyped
// JavaScript; the part the contestants use is declared here, narrowly.
import type { EventEmitter } from "node:events";
import type { Server } from "node:http";

export interface EchoMessage {
  msg: string;
}

/** A transport or protocol object: only passed between the runtime's own functions. */
type Opaque = object;

interface TransportClass {
  new (buffer?: Buffer, onFlush?: (message: Buffer) => void): Opaque;
  /** A function fed with received bytes; it calls `callback` with a readable transport. */
  receiver(callback: (transport: Opaque) => void): (data: Buffer) => void;
}

interface EchoProcessor {
  process(input: Opaque, output: Opaque): void;
}

interface ApacheEchoClient {
  echo(req: EchoMessage): Promise<EchoMessage>;
}

interface Runtime {
  TBufferedTransport: TransportClass;
  TBinaryProtocol: new (transport: Opaque) => Opaque;
  createWebServer(options: {
    services: Record<string, { transport: TransportClass; protocol: unknown; processor: unknown; handler: unknown }>;
  }): Server;
  createHttpConnection(host: string, port: number, options: { path: string }): EventEmitter;
  createHttpClient(client: unknown, connection: EventEmitter): ApacheEchoClient;
}

export const apache = require("thrift") as Runtime;

const fixture = "../../shared/src/koa/__fixtures__/apache-echo";
/** The generated service module: `Processor` (server side) and `Client`. */
export const EchoService = require(`${fixture}/Echo`) as {
  Processor: new (handler: unknown) => EchoProcessor;
  Client: unknown;
};
type MessageClass = new (fields: EchoMessage) => EchoMessage;
export const { EchoReq, EchoRes } = require(`${fixture}/echo_types`) as Record<"EchoReq" | "EchoRes", MessageClass>;

/** The echo handler in Apache's style, doing what ours does. */
export const apacheEchoHandler = {
  echo: async (req: EchoMessage) => new EchoRes({ msg: req.msg }),
};
