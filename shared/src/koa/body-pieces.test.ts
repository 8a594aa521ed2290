// A body's pieces: held as they came, or copied into one buffer once many, the same bytes
// either way, for any sizes (a property); and a body in too many small pieces refused, over
// HTTP as the hostile probe sent it (a megabyte in chunks of one byte held half a gigabyte).
import { once } from "node:events";
import { type AddressInfo, connect } from "node:net";
import fc from "fast-check";
import Koa from "koa";
import { encodeCall } from "../core/message";
import { contentTypes } from "../core/protocols";
import { createThriftService } from "../core/service";
import { Echo } from "./__fixtures__/echo";
import { BodyPieces } from "./body-pieces";
import { createThriftMiddleware, type ThriftRouterState } from "./router";

describe("BodyPieces", () => {
  test.each([
    ["up to 1024 pieces of any sizes", fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 1024 })],
    [
      "more pieces of 16 bytes or more",
      fc.array(fc.uint8Array({ minLength: 16, maxLength: 200 }), { maxLength: 1500 }),
    ],
  ])("When %s are added Then the whole is their bytes in order", (_case, pieceLists) => {
    fc.assert(
      fc.property(pieceLists, (arrays) => {
        const pieces = new BodyPieces();
        const problems = arrays.map((bytes) => pieces.add(Buffer.from(bytes))).filter((p) => p !== undefined);
        const expected = Buffer.concat(arrays.map((bytes) => Buffer.from(bytes)));
        expect({ problems, same: pieces.whole().equals(expected), length: pieces.length }).toEqual({
          problems: [],
          same: true,
          length: expected.length,
        });
      }),
      { numRuns: 50 },
    );
  });

  test("When over 1024 pieces average under 16 bytes Then the next is refused", () => {
    const pieces = new BodyPieces();
    const problems = Array.from({ length: 1025 }, () => pieces.add(Buffer.from("x"))).filter((p) => p !== undefined);
    expect(problems).toEqual([{ kind: "fragmented", pieces: 1025, minAverageBytes: 16 }]);
  });
});

/** An echo call of `messageBytes` sent in HTTP/1.1 chunks of `size` bytes, each written on its own: the answer's status, Connection and body. */
async function sendChunked(size: number, messageBytes: number) {
  const service = createThriftService(Echo, { echo: async (req) => ({ msg: req.msg }) });
  const app = new Koa<ThriftRouterState>();
  app.use(createThriftMiddleware({ "/echo": service }));
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  try {
    const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
    await once(socket, "connect");
    const received: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    socket.on("error", () => undefined);
    const ended = once(socket, "end");
    const body = encodeCall(Echo.methods.echo!, [{ msg: "x".repeat(messageBytes) }], 1, "binary");
    socket.write(
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentTypes.binary}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
    );
    for (let at = 0; at < body.length; at += size) {
      const piece = body.subarray(at, at + size);
      socket.write(Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]));
    }
    socket.write("0\r\n\r\n");
    await ended;
    const [head = "", text = ""] = Buffer.concat(received).toString("latin1").split("\r\n\r\n");
    return {
      status: head.split(" ")[1],
      connection: /^connection: (.*)$/im.exec(head)?.[1],
      body: head.split(" ")[1] === "200" ? text.length : JSON.parse(text),
    };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test("When a body comes chunked a byte at a time Then 400, closing the connection, before it is all read", async () => {
  expect(await sendChunked(1, 5000)).toEqual({
    status: "400",
    connection: "close",
    body: { code: "bad_request", message: "The body came in over 1024 pieces averaging under 16 bytes" },
  });
});

test("When a body comes in 1,600 chunks of 64 bytes Then it is read and answered, chunks split across reads or not", async () => {
  expect(await sendChunked(64, 100_000)).toEqual({ status: "200", connection: "close", body: expect.any(Number) });
});
