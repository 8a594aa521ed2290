// The client against HTTP/1.1 servers that misbehave byte by byte (the table runner:
// __fixtures__/hostile.ts): malformed framing, truncation, resets, oversized headers,
// 1xx storms, stalls, answers that are not replies.
import type { Socket } from "node:net";
import { contentTypes } from "@starter/shared/core";
import {
  answered,
  protocol,
  replyTo,
  status,
  testEach,
  timeout,
  transport,
  transportCause,
  type Case,
  type Served,
} from "./__fixtures__/hostile";
import { startRawHttp1Server, type RawHttp1Script } from "./__fixtures__/raw-http1";
import { closeAll, track } from "./__fixtures__/resources";

afterEach(closeAll);

function http1(script: RawHttp1Script): () => Promise<Served> {
  return async () => {
    const server = track(await startRawHttp1Server(script));
    return { url: server.url, sent: () => server.requests.length };
  };
}

/** Strings (as latin1) and bytes, one after the other. */
const bytes = (...parts: (string | Buffer)[]) =>
  Buffer.concat(parts.map((part) => (Buffer.isBuffer(part) ? part : Buffer.from(part, "latin1"))));
const head = (statusLine: string, ...headers: string[]) =>
  `HTTP/1.1 ${statusLine}\r\n${headers.map((line) => `${line}\r\n`).join("")}\r\n`;
const thrift = `content-type: ${contentTypes.binary}`;
const lengthOf = (body: Buffer) => `content-length: ${body.length}`;
const chunked = "transfer-encoding: chunked";
const chunk = (body: Buffer) => bytes(`${body.length.toString(16)}\r\n`, body, "\r\n");

/** Writes `text`, then one more byte every 20 ms, never ending. */
function trickle(socket: Socket, text: string): void {
  socket.write(text);
  const timer = setInterval(() => socket.write("0"), 20);
  socket.on("close", () => clearInterval(timer));
}

/** Writes `text` every 5 ms, forever. */
function repeat(socket: Socket, text: string): void {
  const timer = setInterval(() => socket.write(text), 5);
  socket.on("close", () => clearInterval(timer));
}

const cases: Case[] = [
  {
    when: "the body stops short of its Content-Length and the connection closes",
    start: http1((socket, request) =>
      socket.end(bytes(head("200 OK", thrift, lengthOf(replyTo(request))), replyTo(request).subarray(0, 5))),
    ),
    ...transportCause("UND_ERR_SOCKET"),
  },
  {
    when: "a chunked body stops mid-chunk and the connection closes",
    start: http1((socket) => socket.end(`${head("200 OK", thrift, chunked)}10\r\nabc`)),
    ...transportCause("UND_ERR_SOCKET"),
  },
  {
    when: "a chunk size is not hexadecimal",
    start: http1((socket) => socket.end(`${head("200 OK", thrift, chunked)}zz\r\nabc\r\n0\r\n\r\n`)),
    ...transport(),
  },
  {
    when: "the answer has both Content-Length and Transfer-Encoding",
    start: http1((socket, request) =>
      socket.write(
        bytes(head("200 OK", thrift, lengthOf(replyTo(request)), chunked), chunk(replyTo(request)), "0\r\n\r\n"),
      ),
    ),
    ...transport(),
  },
  {
    when: "the answer has two different Content-Lengths",
    start: http1((socket, request) => {
      const body = replyTo(request);
      socket.write(bytes(head("200 OK", thrift, lengthOf(body), `content-length: ${body.length + 1}`), body));
    }),
    ...transport(),
  },
  {
    when: "the Content-Length is negative",
    start: http1((socket) => socket.write(head("200 OK", "content-length: -1"))),
    ...transport(),
  },
  {
    when: "the server speaks another protocol",
    start: http1((socket) => socket.end("SSH-2.0-OpenSSH_9.6\r\n")),
    ...transport(),
  },
  {
    when: "the answer is binary garbage",
    start: http1((socket) => socket.end(Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 13, 10]))),
    ...transport(),
  },
  {
    when: "the status has four digits",
    start: http1((socket) => socket.write(head("1000 Odd", "content-length: 0"))),
    ...transport(),
  },
  {
    when: "a header line ends in a bare LF",
    start: http1((socket) => socket.write("HTTP/1.1 200 OK\ncontent-length: 0\n\n")),
    ...transport(),
  },
  {
    when: "a header value holds NUL",
    start: http1((socket) => socket.write(head("200 OK", "x-a: a\0b", "content-length: 0"))),
    ...transport(),
  },
  {
    when: "a header is 64 KiB, over undici's limit",
    start: http1((socket) => socket.write(head("200 OK", `x-big: ${"a".repeat(64 * 1024)}`, "content-length: 0"))),
    ...transportCause("UND_ERR_HEADERS_OVERFLOW"),
  },
  {
    when: "the trailers are 64 KiB",
    start: http1((socket, request) =>
      socket.write(
        bytes(head("200 OK", thrift, chunked), chunk(replyTo(request)), `0\r\nx-t: ${"a".repeat(64 * 1024)}\r\n\r\n`),
      ),
    ),
    ...transportCause("UND_ERR_HEADERS_OVERFLOW"),
  },
  {
    when: "the connection is reset before any answer",
    start: http1((socket) => socket.resetAndDestroy()),
    ...transportCause("ECONNRESET"),
  },
  {
    when: "the connection is reset mid-body",
    start: http1((socket, request) => {
      const body = replyTo(request);
      socket.write(bytes(head("200 OK", thrift, lengthOf(body)), body.subarray(0, 5)), () => socket.resetAndDestroy());
    }),
    ...transportCause("ECONNRESET"),
  },
  {
    when: "an unasked-for 100 Continue comes, again and again",
    start: http1((socket) => repeat(socket, head("100 Continue"))),
    ...transport(),
  },
  {
    when: "the server switches protocols unasked (101)",
    start: http1((socket) =>
      socket.write(head("101 Switching Protocols", "upgrade: websocket", "connection: upgrade")),
    ),
    ...transport(),
  },
  {
    when: "a thousand 103 Early Hints come before the reply",
    start: http1((socket, request) => {
      const hints = head("103 Early Hints", "link: </style.css>; rel=preload").repeat(1000);
      socket.write(bytes(hints, head("200 OK", thrift, lengthOf(replyTo(request))), replyTo(request)));
    }),
    ...answered,
  },
  {
    when: "103 Early Hints never stop",
    start: http1((socket) => repeat(socket, head("103 Early Hints", "link: </a>"))),
    ...timeout,
  },
  { when: "nothing is ever answered", start: http1(() => undefined), ...timeout },
  {
    when: "the headers never end",
    start: http1((socket) => trickle(socket, "HTTP/1.1 200 OK\r\nx-slow: ")),
    ...timeout,
  },
  {
    when: "the body never ends",
    start: http1((socket) => trickle(socket, head("200 OK", thrift, "content-length: 1000000"))),
    ...timeout,
  },
  {
    when: "a chunked body never ends",
    start: http1((socket) => trickle(socket, `${head("200 OK", thrift, chunked)}100000\r\n`)),
    ...timeout,
  },
  {
    when: "a 200 is an HTML page",
    start: http1((socket) => socket.write(`${head("200 OK", "content-type: text/html", "content-length: 6")}<html>`)),
    ...protocol,
  },
  {
    when: "a 200 is garbage in the Thrift content type",
    start: http1((socket) =>
      socket.write(bytes(head("200 OK", thrift, "content-length: 4"), Buffer.from([0x80, 1, 0, 0xff]))),
    ),
    ...protocol,
  },
  { when: "a 204 answers a call", start: http1((socket) => socket.write(head("204 No Content"))), ...protocol },
  {
    when: "the server redirects (302): not followed",
    start: http1((socket) =>
      socket.write(head("302 Found", "location: http://127.0.0.1:1/elsewhere", "content-length: 0")),
    ),
    ...status({ status: 302, message: "HTTP 302" }),
  },
  {
    when: "the status is 599",
    start: http1((socket) => socket.write(head("599 Odd", "content-length: 0"))),
    ...status({ status: 599 }),
  },
  {
    when: "a 503's Retry-After is past any deadline",
    start: http1((socket) => socket.write(head("503 Busy", "retry-after: 99999999999999999999", "content-length: 0"))),
    ...status({ status: 503, retryAfterMs: 1e23 }),
  },
  {
    when: "bytes follow a complete reply",
    start: http1((socket, request) =>
      socket.write(bytes(head("200 OK", thrift, lengthOf(replyTo(request))), replyTo(request), "trailing garbage")),
    ),
    ...answered,
  },
  {
    when: "an HTTP/1.0 reply without a length ends with the connection",
    start: http1((socket, request) => socket.end(bytes(`HTTP/1.0 200 OK\r\n${thrift}\r\n\r\n`, replyTo(request)))),
    ...answered,
  },
];

describe("a hostile HTTP/1.1 server", () => testEach(cases));
