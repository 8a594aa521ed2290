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
export async function open(url: string, ...chunks: (string | Buffer)[]): Promise<Connection> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
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
