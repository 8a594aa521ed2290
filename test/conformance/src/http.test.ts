// The HTTP details Apache's clients depend on, byte by byte: the paths they hard-code,
// the requests their HTTP code writes (C++'s own client, HTTP/1.0, Expect: 100-continue,
// chunked bodies), and answers every one of them can read: status 200, a Content-Length
// (never chunked), and the oneway answer before the handler has run.
import { contentTypes, decodeReply, encodeCall, type MethodDefinition } from "@starter/shared/core";
import { apacheClientPaths, conformancePath } from "./app";
import { RawConnection } from "./__fixtures__/raw-http";
import { startConformanceServer, type StartedServer } from "./__fixtures__/server";
import { ThriftTest } from "./gen/ThriftTest";

const { testString, testI32, testOneway } = ThriftTest.methods as Record<string, MethodDefinition>;

let server: StartedServer;
let connection: RawConnection | undefined;
beforeAll(async () => {
  server = await startConformanceServer();
});
afterEach(() => connection?.close());
afterAll(async () => {
  expect(await server.close()).toBe(0);
});

/** A request head as the given client writes it, CRLF line ends. */
const head = (...lines: string[]) => `${lines.join("\r\n")}\r\n\r\n`;

describe("the conformance server over HTTP", () => {
  it.each(apacheClientPaths)(
    "When a call is posted to %s, a path one of Apache's test clients posts to, Then it gets the answer of /ThriftTest",
    async (path) => {
      const call = async (at: string) => {
        const response = await fetch(server.url + at, {
          method: "POST",
          headers: { "content-type": "application/x-thrift" },
          body: encodeCall(testString!, ["hi"], 3, "compact"),
        });
        return { status: response.status, type: response.headers.get("content-type"), body: await response.bytes() };
      };
      const expected = await call(conformancePath);
      expect(expected).toMatchObject({ status: 200, type: contentTypes.compact });
      expect(await call(path)).toEqual(expected);
    },
  );

  describe("a oneway call and the next call, back to back on one connection", () => {
    const request = (body: Buffer, userAgent: string) =>
      head(
        "POST /service HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/x-thrift",
        `Content-Length: ${body.length}`,
        "Accept: application/x-thrift",
        `User-Agent: ${userAgent}`,
      ) + body.toString("latin1");
    const send = (userAgent: string) =>
      connection!.write(
        Buffer.from(
          request(encodeCall(testOneway!, [0], 1, "binary"), userAgent) +
            request(encodeCall(testI32!, [-1], 2, "binary"), userAgent),
          "latin1",
        ),
      );
    const expectI32Reply = async () => {
      const reply = await connection!.response();
      expect(reply.statusLine).toBe("HTTP/1.1 200 OK");
      expect(reply.headers["transfer-encoding"]).toBeUndefined();
      expect(decodeReply(testI32!, reply.body, "binary")).toEqual({ kind: "success", value: -1 });
    };

    it("When they come from Apache's C++ THttpClient before 0.24 Then the oneway gets 100 Continue, which that client skips, and the next call its answer", async () => {
      connection = await RawConnection.open(server.port);
      send("Thrift/0.22.0 (C++/THttpClient)");
      // That client reads no answer after a oneway call. Its parser (THttpTransport::
      // readHeaders) skips any 100 and takes the first 200 as the answer to the call it
      // waits for: here, testI32's.
      const interim = await connection.response();
      expect(interim).toMatchObject({ statusLine: "HTTP/1.1 100 Continue", body: Buffer.alloc(0) });
      await expectI32Reply();
    });

    it.each(["Thrift/0.24.0 (C++/THttpClient)", "Go-http-client/1.1", "Java/THttpClient/0.22.0"])(
      "When they come from %s Then the oneway gets 200 with an empty body, then the next call its answer",
      async (userAgent) => {
        connection = await RawConnection.open(server.port);
        send(userAgent);
        // C++'s THttpClient from 0.24.0 on reads and drops this answer before its next call.
        expect(await connection.response()).toMatchObject({
          statusLine: "HTTP/1.1 200 OK",
          headers: { "content-length": "0", "content-type": contentTypes.binary, connection: "keep-alive" },
          body: Buffer.alloc(0),
        });
        await expectI32Reply();
      },
    );
  });

  // Apache's Lua THttpTransport (in Apache's cross test over HTTP) finds the body's
  // length by the exact name Content-Length, as Apache's servers write it.
  it.each([
    ["a call's reply", "/ThriftTest", encodeCall(testString!, ["spelled"], 1, "binary"), "200"],
    ["a oneway call's answer", "/ThriftTest", encodeCall(testOneway!, [0], 1, "binary"), "200"],
    ["the Thrift router's refusal", "/ThriftTest/nope", encodeCall(testString!, ["x"], 1, "binary"), "404"],
  ])(
    "When %s is written Then its Content-Type and Content-Length are spelled so",
    async (_kind, path, body, status) => {
      connection = await RawConnection.open(server.port);
      const request = head(
        `POST ${path} HTTP/1.1`,
        "Host: 127.0.0.1",
        "Content-Type: application/x-thrift",
        `Content-Length: ${body.length}`,
        "User-Agent: Thrift/0.17.0 (Lua/THttpClient)",
      );
      connection.write(Buffer.concat([Buffer.from(request, "latin1"), body]));
      const response = await connection.response();
      expect({ status: response.statusLine.split(" ")[1], names: response.names }).toEqual({
        status,
        names: expect.arrayContaining(["Content-Type", "Content-Length"]),
      });
    },
  );

  it("When an HTTP/1.0 client posts without Host or keep-alive Then it gets the answer with its length, and the connection closes", async () => {
    connection = await RawConnection.open(server.port);
    const body = encodeCall(testString!, ["one-oh"], 1, "json");
    connection.write(
      head("POST /ThriftTest HTTP/1.0", "Content-Type: application/x-thrift", `Content-Length: ${body.length}`) +
        body.toString("latin1"),
    );
    const response = await connection.response();
    expect(response).toMatchObject({
      statusLine: "HTTP/1.1 200 OK",
      headers: {
        connection: "close",
        "content-type": contentTypes.json,
        "content-length": String(response.body.length),
      },
    });
    expect(decodeReply(testString!, response.body, "json")).toEqual({ kind: "success", value: "one-oh" });
    expect(await connection.closedByServer()).toBe(true);
  });

  it("When a client sends Expect: 100-continue Then it is told to continue before it sends the body, then answered", async () => {
    connection = await RawConnection.open(server.port);
    const body = encodeCall(testString!, ["x".repeat(2000)], 1, "binary");
    connection.write(
      head(
        "POST /ThriftTest HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/x-thrift",
        `Content-Length: ${body.length}`,
        "Expect: 100-continue",
      ),
    );
    const interim = await connection.response();
    expect(interim).toEqual({ statusLine: "HTTP/1.1 100 Continue", headers: {}, names: [], body: Buffer.alloc(0) });
    connection.write(body);
    const response = await connection.response();
    expect(response.statusLine).toBe("HTTP/1.1 200 OK");
    expect(decodeReply(testString!, response.body, "binary")).toEqual({ kind: "success", value: "x".repeat(2000) });
  });

  it("When the body comes chunked Then it is read whole and answered with a Content-Length", async () => {
    connection = await RawConnection.open(server.port);
    const body = encodeCall(testString!, ["chunks"], 1, "compact");
    const chunks = [body.subarray(0, 3), body.subarray(3, 9), body.subarray(9)];
    connection.write(
      head(
        "POST /ThriftTest HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/x-thrift",
        "Transfer-Encoding: chunked",
      ),
    );
    for (const chunk of chunks) {
      connection.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]));
    }
    connection.write("0\r\n\r\n");
    const response = await connection.response();
    expect(response.headers["transfer-encoding"]).toBeUndefined();
    expect(decodeReply(testString!, response.body, "compact")).toEqual({ kind: "success", value: "chunks" });
  });

  it("When testOneway is called Then it is answered while the handler still sleeps", async () => {
    const response = await fetch(`${server.url}/ThriftTest`, {
      method: "POST",
      headers: { "content-type": "application/x-thrift" },
      body: encodeCall(testOneway!, [1], 1, "binary"),
    });
    let finished = false;
    const drained = server.app.drain().then(() => (finished = true));
    // Every callback queued so far has run: an idle queue would have resolved by now.
    await new Promise((resolve) => setImmediate(resolve));
    expect({ status: response.status, body: (await response.bytes()).length, finished }).toEqual({
      status: 200,
      body: 0,
      finished: false,
    });
    await drained;
  });

  it("When the path is asked with GET Then 405 with Allow: POST, in JSON", async () => {
    const response = await fetch(`${server.url}/ThriftTest`);
    expect({ status: response.status, allow: response.headers.get("allow"), body: await response.json() }).toEqual({
      status: 405,
      allow: "POST",
      body: { code: "method_not_allowed", message: "Allowed here: POST" },
    });
  });
});
