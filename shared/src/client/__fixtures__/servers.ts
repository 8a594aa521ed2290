// Real servers on 127.0.0.1, port 0, answering as each test scripts them, and
// recording every request so tests can assert exact attempt counts and headers.
import { execFileSync } from "node:child_process";
import { EventEmitter, once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from "node:http2";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One request as the server received it. */
export interface Exchange {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly httpVersion: string;
  /** Resolves when the response closes, answered or not (a client abort included). */
  readonly closed: Promise<void>;
}

export type Response = ServerResponse | Http2ServerResponse;
export type Script = (exchange: Exchange, response: Response) => void;

export interface TestServer {
  /** Base URL, without a trailing slash. */
  readonly url: string;
  readonly exchanges: Exchange[];
  /** Resolves once `count` requests have been received. */
  received(count?: number): Promise<void>;
  close(): Promise<void>;
}

export interface TlsFiles {
  readonly ca: string;
  readonly key: string;
  readonly cert: string;
}

// Every request is recorded, then `arrived` is told, so tests wait on an event, not a timer.
class Recorder {
  readonly exchanges: Exchange[] = [];
  readonly #arrived = new EventEmitter();

  add(exchange: Exchange): void {
    this.exchanges.push(exchange);
    this.#arrived.emit("exchange");
  }

  async received(count = 1): Promise<void> {
    while (this.exchanges.length < count) await once(this.#arrived, "exchange");
  }
}

function record(script: Script, recorder: Recorder) {
  return (request: IncomingMessage | Http2ServerRequest, response: Response) => {
    const closed = once(response, "close").then(() => undefined);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const exchange: Exchange = {
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks),
        httpVersion: request.httpVersion,
        closed,
      };
      recorder.add(exchange);
      script(exchange, response);
    });
  };
}

async function listen(server: Server | ReturnType<typeof createSecureServer>, scheme: string): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An HTTP/1.1 server. */
export async function startServer(script: Script): Promise<TestServer> {
  const recorder = new Recorder();
  const server = createServer(record(script, recorder));
  const url = await listen(server, "http");
  return serverOf(url, recorder, () => closeHttp1(server));
}

/** An HTTPS server (HTTP/1.1) with a certificate for 127.0.0.1. */
export async function startHttpsServer(script: Script, tls: TlsFiles): Promise<TestServer> {
  const recorder = new Recorder();
  const server = createHttpsServer({ key: tls.key, cert: tls.cert }, record(script, recorder));
  const url = await listen(server, "https");
  return serverOf(url, recorder, () => closeHttp1(server));
}

/** An HTTP/2-only server over TLS with a certificate for 127.0.0.1. */
export async function startHttp2Server(script: Script, tls: TlsFiles): Promise<TestServer> {
  const recorder = new Recorder();
  const sessions = new Set<Http2Session>();
  const server = createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: false }, record(script, recorder));
  server.on("session", (session: Http2Session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  const url = await listen(server, "https");
  const close = async () => {
    for (const session of sessions) session.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return serverOf(url, recorder, close);
}

function serverOf(url: string, recorder: Recorder, close: () => Promise<void>): TestServer {
  return { url, exchanges: recorder.exchanges, received: (count) => recorder.received(count), close };
}

async function closeHttp1(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await listen(server, "http");
  const { port } = server.address() as AddressInfo;
  await closeHttp1(server);
  return port;
}

/** A private CA and a server certificate for 127.0.0.1 it signed, made by openssl in a temporary directory. */
export function createTlsFiles(): TlsFiles {
  const dir = mkdtempSync(join(tmpdir(), "client-tls-"));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  try {
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    openssl(
      "req",
      "-x509",
      ...ec,
      "-keyout",
      path("ca.key"),
      "-out",
      path("ca.pem"),
      "-days",
      "1",
      "-subj",
      "/CN=Test CA",
    );
    openssl("req", ...ec, "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=127.0.0.1");
    writeFileSync(path("san.ext"), "subjectAltName=IP:127.0.0.1\n");
    openssl(
      "x509",
      "-req",
      "-in",
      path("server.csr"),
      "-CA",
      path("ca.pem"),
      "-CAkey",
      path("ca.key"),
      "-CAcreateserial",
      "-out",
      path("server.pem"),
      "-days",
      "1",
      "-extfile",
      path("san.ext"),
    );
    return {
      ca: readFileSync(path("ca.pem"), "utf8"),
      key: readFileSync(path("server.key"), "utf8"),
      cert: readFileSync(path("server.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
