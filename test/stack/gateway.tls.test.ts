// TLS at the gateway: TLS 1.2 and 1.3 only, a certificate the run's dev CA validates,
// HTTP/2 offered through ALPN, and no plain HTTP.
import { connect, type ConnectionOptions, type TLSSocket } from "node:tls";
import { request } from "node:http";
import { stack } from "./stack";

const { hostname, port } = new URL(stack.gatewayUrl);

interface Handshake {
  protocol: string | null;
  authorized: boolean;
  alpn: string | false | null;
  issuer: string | string[] | undefined;
  subject: string | string[] | undefined;
  altNames: string | undefined;
}

/** One TLS handshake with the gateway: what was agreed, or the error code it failed with. */
function handshake(options: ConnectionOptions): Promise<Handshake | { error: string | undefined }> {
  return new Promise((resolve) => {
    const socket: TLSSocket = connect(
      { host: hostname, port: Number(port), servername: "localhost", timeout: 5000, ...options },
      () => {
        const certificate = socket.getPeerCertificate();
        resolve({
          protocol: socket.getProtocol(),
          authorized: socket.authorized,
          alpn: socket.alpnProtocol,
          issuer: certificate.issuer?.CN,
          subject: certificate.subject?.CN,
          altNames: certificate.subjectaltname,
        });
        socket.end();
      },
    );
    socket.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code }));
    socket.on("timeout", () => socket.destroy(Object.assign(new Error("handshake timed out"), { code: "TIMEOUT" })));
  });
}

const agreed = (protocol: string): Handshake => ({
  protocol,
  authorized: true,
  alpn: "h2",
  issuer: "thrift-http-starter development CA",
  subject: "localhost",
  altNames: "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:gateway",
});

describe("TLS at the gateway", () => {
  test.each([
    ["TLSv1.2", agreed("TLSv1.2")],
    ["TLSv1.3", agreed("TLSv1.3")],
  ] as const)(
    "When a client offers only %s with the dev CA Then the certificate validates and HTTP/2 is agreed",
    async (version, expected) => {
      await expect(
        handshake({ ca: stack.ca, minVersion: version, maxVersion: version, ALPNProtocols: ["h2", "http/1.1"] }),
      ).resolves.toEqual(expected);
    },
  );

  test.each(["TLSv1", "TLSv1.1"] as const)(
    "When a client offers only %s Then the gateway refuses the handshake",
    async (version) => {
      // SECLEVEL=0 lets this client offer the old versions at all: the refusal must come from the gateway.
      await expect(
        handshake({ ca: stack.ca, minVersion: version, maxVersion: version, ciphers: "DEFAULT@SECLEVEL=0" }),
      ).resolves.toEqual({
        error: "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
      });
    },
  );

  test("When a client does not trust the dev CA Then the certificate does not validate", async () => {
    await expect(handshake({})).resolves.toEqual({ error: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
  });

  test("When plain HTTP is sent to the HTTPS port Then the gateway answers 400 and does not redirect", async () => {
    type Answer = {
      status: number | undefined;
      contentType: string | undefined;
      cacheControl: string | undefined;
      location: string | undefined;
      body: string;
    };
    const reply = await new Promise<Answer>((resolve, reject) => {
      request({ host: hostname, port, path: "/echo", method: "GET", timeout: 5000 }, (response) => {
        let body = "";
        const { "content-type": contentType, "cache-control": cacheControl, location } = response.headers;
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode, contentType, cacheControl, location, body }));
      })
        .on("error", reject)
        .end();
    });
    expect({ ...reply, body: JSON.parse(reply.body) as unknown }).toEqual({
      status: 400,
      contentType: "application/json",
      cacheControl: "no-store",
      location: undefined,
      body: { code: "bad_request", message: "plain HTTP sent to the HTTPS port: use https://" },
    });
  });
});
