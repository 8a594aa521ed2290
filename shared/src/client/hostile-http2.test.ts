// The client against HTTP/2 servers that misbehave (the table runner:
// __fixtures__/hostile.ts): streams reset with every code, refused, left by a GOAWAY,
// sessions broken by floods and framing errors, stalls.
import { constants, type Http2ServerResponse } from "node:http2";
import { contentTypes } from "@starter/shared/core";
import {
  answered,
  replyTo,
  sessionEnding,
  testEach,
  timeout,
  transport,
  unprocessed,
  type Case,
  type Served,
} from "./__fixtures__/hostile";
import { startRawHttp2Server, type RawScript } from "./__fixtures__/raw-http2";
import { replyThrift } from "./__fixtures__/replies";
import { closeAll, track } from "./__fixtures__/resources";
import { createTlsFiles, startHttp2Server, type Script, type TlsFiles } from "./__fixtures__/servers";

afterEach(closeAll);

let tls: TlsFiles;
beforeAll(() => {
  tls = createTlsFiles();
});

/** A node:http2 server. */
function http2(script: Script): () => Promise<Served> {
  return async () => {
    const server = track(await startHttp2Server(script, tls));
    return { url: server.url, sent: () => server.exchanges.length };
  };
}

/** A server written frame by frame. */
function raw(script: RawScript): () => Promise<Served> {
  return async () => {
    const server = track(await startRawHttp2Server(script, tls));
    return { url: server.url, sent: () => server.requests.length };
  };
}

const streamOf = (response: unknown) => (response as Http2ServerResponse).stream;
const sessionOf = (response: unknown) => streamOf(response).session!;
const thrift = { "content-type": contentTypes.binary };
// RST_STREAM codes (RFC 9113 §7) but NO_ERROR (0) and REFUSED_STREAM (7), which have cases of their own.
const resetCodes = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13];

const cases: Case[] = [
  ...resetCodes.map(
    (code): Case => ({
      when: `the stream is reset with code ${code} before any answer`,
      start: http2((_exchange, response) => streamOf(response).close(code)),
      ...transport(),
    }),
  ),
  {
    when: "the stream is reset with NO_ERROR before any answer",
    start: http2((_exchange, response) => streamOf(response).close(constants.NGHTTP2_NO_ERROR)),
    ...transport(),
  },
  {
    when: "the stream is refused (REFUSED_STREAM)",
    start: http2((_exchange, response) => streamOf(response).close(constants.NGHTTP2_REFUSED_STREAM)),
    ...unprocessed,
  },
  {
    when: "the stream is reset mid-body, the answer having declared its length",
    start: raw((connection, stream, body) => {
      connection.headers(stream, 200, { ...thrift, "content-length": String(replyTo(body).length) });
      connection.data(stream, replyTo(body).subarray(0, 5), false);
      connection.rstStream(stream, constants.NGHTTP2_INTERNAL_ERROR);
    }),
    ...transport(),
  },
  {
    when: "the stream is reset mid-body, the answer without a length",
    start: raw((connection, stream, body) => {
      connection.headers(stream, 200, thrift);
      connection.data(stream, replyTo(body).subarray(0, 5), false);
      connection.rstStream(stream, constants.NGHTTP2_INTERNAL_ERROR);
    }),
    ...transport(),
  },
  {
    when: "a GOAWAY leaves every stream unprocessed",
    start: raw((connection, stream) => connection.goaway(stream - 1, constants.NGHTTP2_PROTOCOL_ERROR)),
    ...unprocessed,
  },
  {
    when: "a GOAWAY covers the stream, then the reply comes (a graceful shutdown)",
    start: http2((exchange, response) => {
      sessionOf(response).goaway(constants.NGHTTP2_NO_ERROR);
      setImmediate(() => replyThrift(exchange, response, { kind: "success", value: 1 }));
    }),
    ...answered,
  },
  {
    when: "a GOAWAY covers the stream, then the connection closes unanswered",
    start: http2((_exchange, response) => {
      sessionOf(response).goaway(constants.NGHTTP2_NO_ERROR);
      setImmediate(() => sessionOf(response).destroy());
    }),
    ...sessionEnding,
  },
  {
    // The server said it may still process the stream: only the deadline ends the wait.
    when: "a GOAWAY covers the stream, then nothing",
    start: http2((_exchange, response) => sessionOf(response).goaway(constants.NGHTTP2_NO_ERROR)),
    ...timeout,
  },
  {
    when: "the session is destroyed",
    start: http2((_exchange, response) => sessionOf(response).destroy()),
    ...sessionEnding,
  },
  {
    when: "twenty thousand PINGs come before the reply",
    start: raw((connection, stream, body) => {
      for (let i = 0; i < 20_000; i++) connection.ping();
      connection.headers(stream, 200, thrift);
      connection.data(stream, replyTo(body));
    }),
    ...sessionEnding,
  },
  {
    when: "the status is not a number",
    start: raw((connection, stream) => connection.headers(stream, "abc" as unknown as number, {}, true)),
    ...transport(),
  },
  {
    when: "DATA comes before HEADERS",
    start: raw((connection, stream, body) => connection.data(stream, replyTo(body))),
    ...sessionEnding,
  },
  {
    when: "a DATA frame is over the maximum frame size",
    start: raw((connection, stream) => {
      connection.headers(stream, 200, thrift);
      connection.data(stream, Buffer.alloc(20_000));
    }),
    ...sessionEnding,
  },
  {
    when: "the headers are split over CONTINUATION frames",
    start: raw((connection, stream, body) => {
      connection.headers(stream, 200, { ...thrift, "x-long": "a".repeat(20 * 1024) });
      connection.data(stream, replyTo(body));
    }),
    ...answered,
  },
  {
    when: "a header is 100 KiB, over node's header list limit",
    start: raw((connection, stream, body) => {
      connection.headers(stream, 200, { ...thrift, "x-big": "a".repeat(100 * 1024) });
      connection.data(stream, replyTo(body));
    }),
    // A header list past the limit is a session error in node's HTTP/2: the session ends,
    // and a retry may be handed to it as it dies (seen in CI: put reached the server twice).
    ...sessionEnding,
  },
  {
    when: "CONTINUATION frames never end the headers",
    start: raw((connection, stream) => {
      connection.frame(1, 0, stream, Buffer.from([0x88])); // HEADERS ":status: 200" without END_HEADERS
      for (let i = 0; i < 10_000; i++) connection.frame(9, 0, stream, Buffer.from([0, 1, 0x61, 1, 0x62]));
    }),
    ...sessionEnding,
  },
  {
    when: "the window is grown past 2^31-1",
    start: raw((connection) => connection.frame(8, 0, 0, Buffer.from([0x7f, 0xff, 0xff, 0xff]))),
    ...sessionEnding,
  },
  {
    when: "the reply comes in 1-byte DATA frames",
    start: raw((connection, stream, body) => {
      connection.headers(stream, 200, thrift);
      for (const byte of replyTo(body)) connection.data(stream, Buffer.from([byte]), false);
      connection.data(stream, Buffer.alloc(0));
    }),
    ...answered,
  },
  { when: "the headers never come", start: raw(() => undefined), ...timeout },
];

describe("a hostile HTTP/2 server", () => testEach(cases, () => tls));
