// The client over HTTP/2: refused streams and GOAWAY retried as often as the method's
// policy allows, never more, and never a call that may have reached the handler.
import { constants, type Http2ServerResponse } from "node:http2";
import { Pool } from "undici";
import { createClient, TransportError, type ClientOptions } from "@starter/shared/client";
import { encodeReply } from "@starter/shared/core";
import { startRawHttp2Server, type RawScript } from "./__fixtures__/raw-http2";
import { closeAll, track } from "./__fixtures__/resources";
import { replyThrift } from "./__fixtures__/replies";
import { createTlsFiles, startHttp2Server, type Script, type TlsFiles } from "./__fixtures__/servers";
import { Store } from "./__fixtures__/store";

afterEach(closeAll);
afterEach(() => jest.restoreAllMocks());

let tls: TlsFiles;
beforeAll(() => {
  tls = createTlsFiles();
});

// Long deadlines: a call that ends must have been failed or answered, not timed out.
const options: Partial<ClientOptions> = { http2: true, timeoutMs: 60_000, retry: { baseDelayMs: 1, maxDelayMs: 2 } };

const unprocessed = {
  name: "TransportError",
  code: "transport",
  message: "The server refused the request without processing it (HTTP/2 REFUSED_STREAM or GOAWAY)",
};

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
}

/** A node:http2 server that refuses the first `refusals` streams with REFUSED_STREAM, then answers. */
async function refusing(refusals: number, clientOptions: Partial<ClientOptions> = {}) {
  let left = refusals;
  const script: Script = (exchange, response) => {
    if (left-- > 0) (response as Http2ServerResponse).stream.close(constants.NGHTTP2_REFUSED_STREAM);
    else replyThrift(exchange, response, { kind: "success", value: 1 });
  };
  const server = track(await startHttp2Server(script, tls));
  const client = track(createClient(Store, { url: `${server.url}/store`, ca: tls.ca, ...options, ...clientOptions }));
  return { server, client };
}

/**
 * A server that answers the first `goaways` requests with a GOAWAY whose last-stream-id
 * is below their stream (so RFC 9113 §6.8 says they were not processed), then closes
 * that connection; later requests get a reply to `add`.
 */
async function goingAway(goaways: number, clientOptions: Partial<ClientOptions> = {}) {
  let left = goaways;
  const script: RawScript = (connection, stream) => {
    if (left-- > 0) {
      connection.goaway(Math.max(0, stream - 2), constants.NGHTTP2_NO_ERROR);
      connection.close();
    } else {
      connection.headers(stream, 200, { "content-type": "application/x-thrift" });
      connection.data(stream, encodeReply(Store.methods.add!, 0, "binary", { kind: "success", value: 1 }));
    }
  };
  const server = track(await startRawHttp2Server(script, tls));
  const client = track(createClient(Store, { url: `${server.url}/store`, ca: tls.ca, ...options, ...clientOptions }));
  return { server, client };
}

describe("HTTP/2 REFUSED_STREAM", () => {
  it("When every stream is refused Then an idempotent call makes retry.maxAttempts attempts in all, not undici's retry of each", async () => {
    const { server, client } = await refusing(Infinity);

    const error = await failure(client.put("k", "v"));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject(unprocessed);
    expect(server.exchanges).toHaveLength(3);
  });

  it("When every stream is refused Then a call with side effects is sent twice: once, and once more since the first was not processed", async () => {
    const { server, client } = await refusing(Infinity);

    await expect(failure(client.add("k", 1))).resolves.toMatchObject(unprocessed);
    expect(server.exchanges).toHaveLength(2);
  });

  it("When the first stream is refused Then a call with side effects succeeds on its second attempt", async () => {
    const { server, client } = await refusing(1);

    await expect(client.add("k", 1)).resolves.toBe(1);
    expect(server.exchanges).toHaveLength(2);
  });

  it("When retry.maxAttempts is 1 Then a refused call is sent once, whatever its method", async () => {
    const { server, client } = await refusing(Infinity, { retry: { maxAttempts: 1 } });

    await expect(failure(client.put("k", "v"))).resolves.toMatchObject(unprocessed);
    await expect(failure(client.add("k", 1))).resolves.toMatchObject(unprocessed);
    expect(server.exchanges).toHaveLength(2);
  });

  it("When streams are refused Then each refusal spends the retry budget like any failed attempt", async () => {
    // Tokens 4 → 3 (above half: retry) → 2 (not above: stop).
    const { server, client } = await refusing(Infinity, { retryBudget: { maxTokens: 4, tokenRatio: 1 } });

    await expect(failure(client.put("k", "v"))).resolves.toMatchObject(unprocessed);
    expect(server.exchanges).toHaveLength(2);
  });

  it("When calls go through a shared dispatcher Then a stream it would send again counts as maybe processed: retried only if idempotent", async () => {
    const server = track(
      await startHttp2Server(
        (_exchange, response) => (response as Http2ServerResponse).stream.close(constants.NGHTTP2_REFUSED_STREAM),
        tls,
      ),
    );
    const dispatcher = track(new Pool(server.url, { allowH2: true, connect: { ca: tls.ca } }));
    const client = createClient(Store, {
      url: `${server.url}/store`,
      dispatcher,
      timeoutMs: 60_000,
      retry: { baseDelayMs: 1 },
    });

    const error = await failure(client.add("k", 1));
    expect(error).toMatchObject({
      name: "TransportError",
      message: "The request failed and the dispatcher was about to send it again: the server may have processed it",
    });
    expect(server.exchanges).toHaveLength(1);
    await expect(failure(client.put("k", "v"))).resolves.toBeInstanceOf(TransportError);
    expect(server.exchanges).toHaveLength(4);
  });
});

describe("HTTP/2 GOAWAY", () => {
  it("When every request gets a GOAWAY below its stream Then an idempotent call makes retry.maxAttempts attempts and fails at once", async () => {
    const { server, client } = await goingAway(Infinity);

    await expect(failure(client.put("k", "v"))).resolves.toMatchObject(unprocessed);
    expect(server.requests).toHaveLength(3);
  });

  it("When every request gets a GOAWAY below its stream Then a call with side effects is sent twice and fails at once", async () => {
    const { server, client } = await goingAway(Infinity);

    await expect(failure(client.add("k", 1))).resolves.toMatchObject(unprocessed);
    expect(server.requests).toHaveLength(2);
  });

  it("When a GOAWAY leaves the stream unprocessed once Then a call with side effects is retried on a new connection and succeeds", async () => {
    const { server, client } = await goingAway(1);

    await expect(client.add("k", 1)).resolves.toBe(1);
    expect([server.requests.length, server.connections.length]).toEqual([2, 2]);
  });

  it("When retry.maxAttempts is 1 Then a call a GOAWAY left unprocessed fails at once, sent once", async () => {
    const { server, client } = await goingAway(Infinity, { retry: { maxAttempts: 1 } });

    await expect(failure(client.add("k", 1))).resolves.toMatchObject(unprocessed);
    expect(server.requests).toHaveLength(1);
  });
});

describe("HTTP/2 session errors", () => {
  it("When the session died under the last call Then the next call, which it could not carry, is sent on a new connection even with side effects", async () => {
    // The first request's connection is broken by a WINDOW_UPDATE past 2^31-1 (a flow
    // control error that ends the session); later connections answer.
    const script: RawScript = (connection, stream) => {
      if (connection === server.connections[0]) {
        connection.frame(8, 0, 0, Buffer.from([0x7f, 0xff, 0xff, 0xff]));
      } else {
        connection.headers(stream, 200, { "content-type": "application/x-thrift" });
        connection.data(stream, encodeReply(Store.methods.add!, 0, "binary", { kind: "success", value: 1 }));
      }
    };
    const server = track(await startRawHttp2Server(script, tls));
    // A 200 ms backoff: undici drops the dead session within it; a retry before that is not sent either.
    jest.spyOn(Math, "random").mockReturnValue(0.999);
    const retry = { baseDelayMs: 200, maxDelayMs: 200 };
    const client = track(createClient(Store, { url: `${server.url}/store`, ca: tls.ca, ...options, retry }));

    await expect(failure(client.add("k", 1))).resolves.toMatchObject({
      name: "TransportError",
      cause: { code: "ERR_HTTP2_ERROR" },
    });
    await expect(client.add("k", 1)).resolves.toBe(1);
    expect([server.requests.length, server.connections.length]).toEqual([2, 2]);
  });
});
