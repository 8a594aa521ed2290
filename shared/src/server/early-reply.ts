// A reply written before its request's body was read (a 401 or 404, a Thrift router's
// 405, 413 or 415, a probe sent with a body, a 504 for a body past its deadline) closes
// the connection instead of reading the rest. Node keeps a connection alive by reading
// and discarding what is left of an unread body after the reply: a caller could make a
// service read a declared 512 MiB it had refused. Checked where every reply starts,
// whatever framework wrote it; a request without a body, or whose body was read (every
// answered call), is complete by then and keeps its connection.
//
// Closing outright has its own fault: bytes still arriving meet a closed socket, the
// kernel answers them with a reset, and a caller still sending may lose the reply (nginx
// in front answered 502 to 28 of 100 early 415s to a 1 MiB body; 0 of 100 with what
// follows, measured). So the socket closes as nginx's own lingering close does, bounded:
// the reply, then FIN; what the caller still sends is read and dropped up to
// `earlyReplyLingerBytes` (so that a caller that stops or closes is seen at once), then
// no more is read; the socket closes when the caller's side does, the body ends, or
// `earlyReplyLingerMs` passes.
import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from "node:http";
import type { Socket } from "node:net";

/** Most bytes read and dropped after an early reply before the socket is closed. */
export const earlyReplyLingerBytes = 64 * 1024;
/** Longest wait for the caller to stop sending after an early reply, in ms. */
export const earlyReplyLingerMs = 2000;

/** What a socket whose reply came before its request's body knows of the refusal. */
interface Refusal {
  readonly request: IncomingMessage;
  /** Body bytes read and dropped since the reply started. */
  dropped: number;
}
const refusal = Symbol("the reply came before the request's body");
type RefusingSocket = Socket & { [refusal]?: Refusal };

/**
 * The server's response class (`createServer({ ServerResponse: EarlyReplyResponse })`):
 * a reply whose head is written while the request's body is still unread says
 * `Connection: close`, and its connection closes without reading more than a little
 * of the rest. (For servers that answer after reading: a handler that writes its head
 * first and then reads the body, streaming, would find the body taken.)
 */
export class EarlyReplyResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  // Every reply passes here (res.end() without writeHead too, through _implicitHeader):
  // a property read when the request is complete, as for every answered call.
  override writeHead(
    statusCode: number,
    reason?: string | OutgoingHttpHeaders | OutgoingHttpHeader[],
    headers?: OutgoingHttpHeaders | OutgoingHttpHeader[],
  ): this {
    if (!this.req.complete) refuseRest(this);
    return super.writeHead(statusCode, reason as string, headers);
  }
}

function refuseRest(response: ServerResponse): void {
  response.setHeader("Connection", "close");
  const socket = response.socket as RefusingSocket | null;
  if (socket === null || socket[refusal] !== undefined) return;
  const request = response.req;
  const state: Refusal = { request, dropped: 0 };
  socket[refusal] = state;
  // Node would read the rest itself once the reply is out (IncomingMessage._dump), out of
  // sight: reading it here counts it. A body reader that gave up left it paused.
  request.on("data", (chunk: Buffer) => {
    state.dropped += chunk.length;
    // Enough: what else comes waits in the kernel's buffers until the socket closes.
    if (state.dropped > earlyReplyLingerBytes) request.pause();
  });
  request.resume();
  // Node ends a `Connection: close` reply's socket with destroySoon() once the reply is
  // written: this one lingers first.
  socket.destroySoon = lingerThenClose;
}

function lingerThenClose(this: RefusingSocket): void {
  const state = this[refusal]!;
  if (this.writable) this.end();
  const close = () => (this.writableFinished ? this.destroy() : this.once("finish", () => this.destroy()));
  // Nothing left to wait for: the body came.
  if (state.request.complete) return void close();
  const timer = setTimeout(close, earlyReplyLingerMs);
  this.once("close", () => clearTimeout(timer));
  // The caller stopped: its side closed, or the rest of the body came.
  this.once("end", close);
  state.request.once("end", close);
}
