// An HTTP/2 server written frame by frame over TLS (ALPN h2), for what node:http2 will
// not send: a GOAWAY whose last-stream-id is below the stream it refuses (node's
// `goaway()` turns 0 into the last stream it received), a PING flood, a stream reset
// or answered at will. It keeps up with the connection (SETTINGS and PING acks) and
// hands each complete request to the script; headers are HPACK literals, unindexed.
import { EventEmitter, once } from "node:events";
import type { AddressInfo } from "node:net";
import { createServer, type TLSSocket } from "node:tls";
import type { TlsFiles } from "./servers";

const preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
const frameType = { data: 0, headers: 1, rstStream: 3, settings: 4, ping: 6, goaway: 7, continuation: 9 } as const;
// SETTINGS_MAX_FRAME_SIZE's initial value (RFC 9113 §6.5.2): what a peer accepts unasked.
const maxFrameBytes = 16 * 1024;
const flag = { endStream: 0x1, ack: 0x1, endHeaders: 0x4 } as const;

/** One connection, as the script writes to it. */
export class RawConnection {
  /** Streams the client opened on this connection, in order. */
  readonly streams: number[] = [];
  readonly #socket: TLSSocket;

  constructor(socket: TLSSocket) {
    this.#socket = socket;
  }

  /** Response headers: `:status` first, then `headers`, in CONTINUATION frames past 16 KiB. */
  headers(stream: number, status: number, headers: Record<string, string> = {}, endStream = false): void {
    const fields = [
      literal(":status", String(status)),
      ...Object.entries(headers).map(([name, value]) => literal(name, value)),
    ];
    const block = Buffer.concat(fields);
    for (let offset = 0; offset === 0 || offset < block.length; offset += maxFrameBytes) {
      const last = offset + maxFrameBytes >= block.length;
      const type = offset === 0 ? frameType.headers : frameType.continuation;
      const flags = (last ? flag.endHeaders : 0) | (offset === 0 && endStream ? flag.endStream : 0);
      this.frame(type, flags, stream, block.subarray(offset, offset + maxFrameBytes));
    }
  }

  data(stream: number, bytes: Buffer, endStream = true): void {
    this.frame(frameType.data, endStream ? flag.endStream : 0, stream, bytes);
  }

  rstStream(stream: number, code: number): void {
    this.frame(frameType.rstStream, 0, stream, uint32(code));
  }

  goaway(lastStreamId: number, code: number): void {
    this.frame(frameType.goaway, 0, 0, Buffer.concat([uint32(lastStreamId), uint32(code)]));
  }

  ping(payload = Buffer.alloc(8)): void {
    this.frame(frameType.ping, 0, 0, payload);
  }

  frame(type: number, flags: number, stream: number, payload: Buffer): void {
    const header = Buffer.alloc(9);
    header.writeUIntBE(payload.length, 0, 3);
    header[3] = type;
    header[4] = flags;
    header.writeUInt32BE(stream, 5);
    if (!this.#socket.destroyed) this.#socket.write(Buffer.concat([header, payload]));
  }

  close(): void {
    this.#socket.end();
  }
}

/** Called once per request (headers and body received), with its stream id and body. */
export type RawScript = (connection: RawConnection, stream: number, body: Buffer) => void;

export interface RawHttp2Server {
  /** Base URL, without a trailing slash. */
  readonly url: string;
  /** Requests received (streams whose request ended), in order, on any connection. */
  readonly requests: number[];
  /** Connections accepted. */
  readonly connections: RawConnection[];
  /** Resolves once `count` requests have been received. */
  received(count?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startRawHttp2Server(script: RawScript, tls: TlsFiles): Promise<RawHttp2Server> {
  const requests: number[] = [];
  const connections: RawConnection[] = [];
  const sockets = new Set<TLSSocket>();
  const arrived = new EventEmitter();
  const server = createServer({ key: tls.key, cert: tls.cert, ALPNProtocols: ["h2"] }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    const connection = new RawConnection(socket);
    connections.push(connection);
    connection.frame(frameType.settings, 0, 0, Buffer.alloc(0));
    let pending = Buffer.alloc(0);
    let started = false;
    const bodies = new Map<number, Buffer[]>();
    socket.on("data", (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      if (!started) {
        if (pending.length < preface.length) return;
        pending = pending.subarray(preface.length);
        started = true;
      }
      while (pending.length >= 9 && pending.length >= 9 + pending.readUIntBE(0, 3)) {
        const length = pending.readUIntBE(0, 3);
        const [type, flags] = [pending[3]!, pending[4]!];
        const stream = pending.readUInt32BE(5) & 0x7fffffff;
        const payload = pending.subarray(9, 9 + length);
        pending = pending.subarray(9 + length);
        if (type === frameType.settings && !(flags & flag.ack))
          connection.frame(frameType.settings, flag.ack, 0, Buffer.alloc(0));
        if (type === frameType.ping && !(flags & flag.ack)) connection.frame(frameType.ping, flag.ack, 0, payload);
        if (type === frameType.headers) connection.streams.push(stream);
        if (type === frameType.data) bodies.set(stream, [...(bodies.get(stream) ?? []), payload]);
        if ((type === frameType.headers || type === frameType.data) && flags & flag.endStream) {
          requests.push(stream);
          arrived.emit("request");
          script(connection, stream, Buffer.concat(bodies.get(stream) ?? []));
          bodies.delete(stream);
        }
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    connections,
    async received(count = 1) {
      while (requests.length < count) await once(arrived, "request");
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// HPACK (RFC 7541 §6.2.2): a literal header field without indexing, new name, no Huffman.
function literal(name: string, value: string): Buffer {
  return Buffer.concat([Buffer.from([0]), hpackString(name), hpackString(value)]);
}

function hpackString(text: string): Buffer {
  const bytes = Buffer.from(text, "latin1");
  return Buffer.concat([hpackInteger(bytes.length, 7), bytes]);
}

// RFC 7541 §5.1: an integer in an N-bit prefix, then 7 bits per byte.
function hpackInteger(value: number, prefixBits: number): Buffer {
  const max = (1 << prefixBits) - 1;
  if (value < max) return Buffer.from([value]);
  const bytes = [max];
  let rest = value - max;
  while (rest >= 128) {
    bytes.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}
