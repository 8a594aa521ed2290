// A reply written before its request's body was read (a 401 or 404, a Thrift router's
// 405, 413 or 415, a probe sent with a body, a 504 for a body past its deadline) closes
// the connection instead of keeping it for the next request. Node keeps it alive by
// reading and discarding what is left of an unread body after the reply, for as long as
// that takes: a caller could hold a service reading a declared 512 MiB it had refused,
// at whatever pace it likes. Checked where every reply starts,
// whatever framework wrote it; a request without a body, or whose body was read (every
// answered call), is complete by then and keeps its connection.
//
// Closing outright has its own fault: bytes still arriving meet a closed socket, the
// kernel answers them with a reset, and a caller still sending loses the reply (nginx in
// front answered 502 to 28 of 100 early 415s to a 1 MiB body; a Python, Java or C++
// client, which writes the whole body before it reads, saw a broken pipe for any body
// past the kernel's buffers). So the socket closes as nginx's own lingering close does:
// the reply, then FIN; what the caller still sends is read and dropped, never kept, and
// the socket closes when the caller's side does, the body ends, or `earlyReplyLingerMs`
// passes. Time bounds it, not bytes, as nginx's `lingering_time` does: a caller pays for
// every byte it makes a service drop (1 GiB took 1.5 s here; 16 callers sending without
// end, unauthenticated, kept a service at 0.7 of a core and its health checks' p50 at 6 ms
// instead of 1), and the gateway in front lingers longer still (30 s).
import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from "node:http";
import type { Socket } from "node:net";

/** Longest the rest of a refused body is read and dropped after an early reply, in ms. */
export const earlyReplyLingerMs = 2000;

/** The request whose reply came before its body, on the socket that lingers for it. */
const refusal = Symbol("the reply came before the request's body");
type RefusingSocket = Socket & { [refusal]?: IncomingMessage };

/**
 * The server's response class (`createServer({ ServerResponse: EarlyReplyResponse })`):
 * a reply whose head is written while the request's body is still unread says
 * `Connection: close`, and its connection closes once the rest is dropped, or after
 * `earlyReplyLingerMs`. (For servers that answer after reading: a handler that writes its
 * head first and then reads the body, streaming, would find the body taken.)
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
  socket[refusal] = request;
  // Dropped as it comes (Node would only start once the reply is out). A body reader
  // that gave up left the request paused.
  request.resume();
  // Node ends a `Connection: close` reply's socket with destroySoon() once the reply is
  // written: this one lingers first.
  socket.destroySoon = lingerThenClose;
}

function lingerThenClose(this: RefusingSocket): void {
  const request = this[refusal]!;
  if (this.writable) this.end();
  const close = () => (this.writableFinished ? this.destroy() : this.once("finish", () => this.destroy()));
  // Nothing left to wait for: the body came.
  if (request.complete) return void close();
  const timer = setTimeout(close, earlyReplyLingerMs);
  this.once("close", () => clearTimeout(timer));
  // The caller stopped: its side closed, or the rest of the body came.
  this.once("end", close);
  request.once("end", close);
}
