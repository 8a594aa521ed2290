// An HTTP/1.1 server written byte by byte, for answers node:http will not give: a
// truncated or malformed body, a bad status line, oversized headers, a storm of 1xx,
// a reset mid-body. It reads each request (head and Content-Length body) off the
// connection and hands it to the script with the raw socket to answer on.
import { EventEmitter, once } from "node:events";
import { createServer, type AddressInfo, type Socket } from "node:net";

/** One request as received. */
export interface RawRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  /** The head's header lines, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export type RawHttp1Script = (socket: Socket, request: RawRequest) => void;

export interface RawHttp1Server {
  /** Base URL, without a trailing slash. */
  readonly url: string;
  readonly requests: RawRequest[];
  /** Resolves once `count` requests have been received. */
  received(count?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startRawHttp1Server(script: RawHttp1Script): Promise<RawHttp1Server> {
  const requests: RawRequest[] = [];
  const sockets = new Set<Socket>();
  const arrived = new EventEmitter();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on("data", (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      for (;;) {
        const end = pending.indexOf("\r\n\r\n");
        if (end < 0) return;
        const [requestLine = "", ...lines] = pending.subarray(0, end).toString("latin1").split("\r\n");
        const headers: Record<string, string> = {};
        for (const line of lines) {
          const colon = line.indexOf(":");
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        const length = Number(headers["content-length"] ?? 0);
        if (pending.length < end + 4 + length) return;
        const body = pending.subarray(end + 4, end + 4 + length);
        pending = pending.subarray(end + 4 + length);
        const [method = "", path = ""] = requestLine.split(" ");
        const request = { method, path, headers, body };
        requests.push(request);
        arrived.emit("request");
        script(socket, request);
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async received(count = 1) {
      while (requests.length < count) await once(arrived, "request");
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
