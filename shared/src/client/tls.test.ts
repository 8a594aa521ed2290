// The client over HTTPS with a private CA, on HTTP/1.1 and HTTP/2, and what an untrusted
// certificate rejects with.
import { createClient, TransportError } from "@starter/shared/client";
import { closeAll, track } from "./__fixtures__/resources";
import { replyThrift } from "./__fixtures__/replies";
import { createTlsFiles, startHttp2Server, startHttpsServer, type Script, type TlsFiles } from "./__fixtures__/servers";
import { Store } from "./__fixtures__/store";

afterEach(closeAll);

let tls: TlsFiles;
beforeAll(() => {
  tls = createTlsFiles();
});

const answer: Script = (exchange, response) =>
  replyThrift(exchange, response, { kind: "success", value: exchange.method === "GET" ? "v" : 1 });

describe("TLS", () => {
  it("When given the private CA Then calls succeed over HTTPS with HTTP/1.1", async () => {
    const server = track(await startHttpsServer(answer, tls));
    const client = track(createClient(Store, { url: `${server.url}/store`, ca: tls.ca }));

    await expect(client.add("k", 1)).resolves.toBe(1);
    expect(server.exchanges.map((exchange) => exchange.httpVersion)).toEqual(["1.1"]);
  });

  it("When the server's CA is not trusted Then the call rejects with a TransportError naming the certificate problem", async () => {
    const server = track(await startHttpsServer(answer, tls));
    const client = track(createClient(Store, { url: `${server.url}/store`, retry: { baseDelayMs: 1 } }));

    const error = await client.add("k", 1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ cause: { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" } });
    expect(server.exchanges).toEqual([]);
  });

  it("When http2 is on Then calls, GET and POST, go over HTTP/2", async () => {
    const server = track(await startHttp2Server(answer, tls));
    const client = track(
      createClient(Store, { url: `${server.url}/store`, ca: tls.ca, http2: true, auth: { bearer: "t0ken" } }),
    );

    await expect(Promise.all([client.add("k", 1), client.get("k"), client.add("k", 2)])).resolves.toEqual([1, "v", 1]);
    const requests = server.exchanges.map(
      (exchange) => `${exchange.httpVersion} ${exchange.method} ${exchange.headers.authorization}`,
    );
    expect(requests.sort()).toEqual(["2.0 GET Bearer t0ken", "2.0 POST Bearer t0ken", "2.0 POST Bearer t0ken"]);
  });

  it("When an HTTP/2 call times out Then it rejects with a TimeoutError and the stream is reset", async () => {
    const server = track(await startHttp2Server(() => undefined, tls));
    const client = track(createClient(Store, { url: `${server.url}/store`, ca: tls.ca, http2: true }));

    await expect(client.add("k", 1, { timeoutMs: 100 })).rejects.toMatchObject({ code: "timeout" });
    await server.exchanges[0]!.closed;
  });
});
