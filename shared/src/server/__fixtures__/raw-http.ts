// HTTP/1.1 by hand, for tests of what a server does with bytes no well-behaved client
// sends: a malformed request, a head that never ends, a body that stalls or never stops.
import { connect, type Socket } from "node:net";

export interface RawResponse {
  status: number;
  /** Header names lower-cased; the last value of a repeated header. */
  headers: Record<string, string>;
  body: string;
}

/** Parses the first response in `text`; undefined if there is none yet. */
export function parseResponse(text: string): RawResponse | undefined {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const [statusLine = "", ...fields] = text.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const field of fields) {
    const colon = field.indexOf(":");
    headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? 0);
  return { status: Number(statusLine.split(" ")[1]), headers, body: text.slice(end + 4, end + 4 + length) };
}

export interface Connection {
  readonly socket: Socket;
  /** Everything received so far, as latin1 text. */
  received(): string;
  /** Resolves once the server closed the connection (or it failed), with what was received. */
  readonly closed: Promise<string>;
}

/** Opens a connection to `url` (http://host:port) and writes `chunks`, in order, at once. */
export function open(url: string, ...chunks: (string | Buffer)[]): Promise<Connection> {
  return openWith(url, false, chunks);
}

/**
 * As `open`, but `allowHalfOpen` keeps the caller's side open when the server closes its
 * own, as a hostile caller would (Node's default ends it in turn).
 */
async function openWith(url: string, allowHalfOpen: boolean, chunks: (string | Buffer)[]): Promise<Connection> {
  const { hostname, port } = new URL(url);
  const socket = connect({ port: Number(port), host: hostname, allowHalfOpen });
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let text = "";
  socket.on("data", (data: Buffer) => (text += data.toString("latin1")));
  const closed = new Promise<string>((resolve) => {
    socket.on("error", () => {});
    socket.once("close", () => resolve(text));
  });
  for (const chunk of chunks) socket.write(chunk);
  return { socket, received: () => text, closed };
}

/** Sends `chunks` on a new connection and resolves with the response once the server closes it. */
export async function exchange(url: string, ...chunks: (string | Buffer)[]): Promise<RawResponse | undefined> {
  const connection = await open(url, ...chunks);
  return parseResponse(await connection.closed);
}

/** A request head, each header `name: value`, ending with the blank line. */
export function head(requestLine: string, headers: Record<string, string | number>): string {
  const fields = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `${requestLine}\r\nHost: test\r\n${fields.join("")}\r\n`;
}

export interface StreamOptions {
  /** Bytes per write. */
  chunkBytes?: number;
  /** Pause between writes, in ms: slow enough that a server reading everything would take a lot. */
  intervalMs?: number;
  /** Frame each write as a chunk of `Transfer-Encoding: chunked`. */
  chunked?: boolean;
  /** Gives up once this many body bytes were taken (the server is draining). */
  maxBytes?: number;
  /** Gives up after this long, in ms (the server neither reads nor closes). */
  maxMs?: number;
}

export interface Streamed {
  /**
   * Body bytes the caller's kernel took before the connection closed or the caller gave
   * up: what the server read, plus what waited in both kernels' buffers (megabytes on
   * loopback); the server's own count is its socket's `bytesRead`.
   */
  accepted: number;
  /** The caller's port: the server's socket for this connection has it as `remotePort`. */
  port: number;
  /** Whether the server closed the connection (rather than the caller giving up). */
  closed: boolean;
  response: RawResponse | undefined;
}

/**
 * A caller that sends `requestHead`, then a body that never ends, slowly, as long as the
 * connection takes it: how much did the server accept before closing?
 */
export async function streamBody(url: string, requestHead: string, options: StreamOptions = {}): Promise<Streamed> {
  const {
    chunkBytes = 16 * 1024,
    intervalMs = 5,
    chunked = false,
    maxBytes = 8 * 1024 * 1024,
    maxMs = 10_000,
  } = options;
  // Keeps sending after the server's FIN, as long as the connection takes bytes.
  const connection = await openWith(url, true, [requestHead]);
  const { socket } = connection;
  const port = socket.localPort!;
  const piece = Buffer.alloc(chunkBytes, "x");
  const framed = chunked
    ? Buffer.concat([Buffer.from(`${chunkBytes.toString(16)}\r\n`), piece, Buffer.from("\r\n")])
    : piece;
  let accepted = 0;
  let timer: NodeJS.Timeout | undefined;
  // A server that neither reads nor closes leaves a write pending for ever: give up then.
  const tooLong = new Promise<"gave up">((resolve) => (timer = setTimeout(resolve, maxMs, "gave up")));
  const closed = connection.closed.then(() => "closed" as const);
  let outcome: "closed" | "gave up" | undefined;
  while (outcome === undefined) {
    if (accepted >= maxBytes) {
      outcome = "gave up";
      break;
    }
    const written = new Promise<"written" | "failed">((resolve) =>
      socket.write(framed, (error) => resolve(error ? "failed" : "written")),
    );
    const step = await Promise.race([written, closed, tooLong]);
    if (step === "written") accepted += chunkBytes;
    if (step === "closed" || step === "gave up") outcome = step;
    else if (socket.destroyed) outcome = "closed";
    else await Promise.race([new Promise((resolve) => setTimeout(resolve, intervalMs)), closed]);
  }
  clearTimeout(timer);
  const gaveUp = outcome === "gave up";
  if (gaveUp) socket.destroy();
  const text = await connection.closed;
  return { accepted, port, closed: !gaveUp, response: parseResponse(text) };
}
