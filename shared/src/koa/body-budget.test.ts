// The request bytes the calls in hand may hold together (maxBodyBytesInFlight): past it a
// call gets 503 with Retry-After, not read when its Content-Length says so, and stopped as
// soon as the bytes it holds pass it when chunked or inflating (the hostile probe held a
// megabyte per connection, past any budget, with bodies stalled before their end); a
// declared length reserves nothing; a call alone is always taken; the bytes are given
// back when a call ends. Without it, enough large calls at once took a replica past its memory limit
// (the chaos probe: 12 calls of 1 MiB, 8 MiB each in hand, OOM-killed at 160 MiB).
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { type AddressInfo, connect } from "node:net";
import { gzipSync } from "node:zlib";
import Koa from "koa";
import { encodeCall } from "../core/message";
import { contentTypes } from "../core/protocols";
import { createThriftService } from "../core/service";
import { Echo } from "./__fixtures__/echo";
import { createThriftMiddleware, type ThriftRouterState } from "./router";

const body = (size: number) => encodeCall(Echo.methods.echo!, [{ msg: "x".repeat(size) }], 1, "binary");
const busy = {
  status: 503,
  retryAfter: "1",
  connection: "close",
  body: { code: "unavailable", message: "Too many request bytes are in hand; retry later" },
};

async function serve(maxBodyBytesInFlight: number) {
  const releases: (() => void)[] = [];
  const service = createThriftService(Echo, {
    echo: async (req) => {
      await new Promise<void>((resolve) => releases.push(resolve));
      return { msg: req.msg };
    },
  });
  const app = new Koa<ThriftRouterState>();
  app.use(createThriftMiddleware({ "/echo": service }, { maxBodyBytesInFlight }));
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
  const call = async (bytes: Buffer, chunked = false) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": contentTypes.binary },
      // A stream has no length: fetch sends it chunked.
      body: chunked ? new Blob([bytes]).stream() : bytes,
      ...(chunked ? { duplex: "half" } : {}),
    } as RequestInit);
    const text = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      connection: response.headers.get("connection"),
      body: response.status === 503 ? JSON.parse(text.toString()) : text.length,
    };
  };
  /** Resolves once `count` calls are in their handler. */
  const inHandler = async (count: number) => {
    while (releases.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  /** Sends `head` and `body` on a connection of its own, and leaves it open; `answer` is all it gets back. */
  const raw = async (head: string, body: Buffer = Buffer.alloc(0)) => {
    const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
    await once(socket, "connect");
    const received: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    const answer = once(socket, "end").then(() => Buffer.concat(received).toString("latin1"));
    socket.write(Buffer.concat([Buffer.from(head, "latin1"), body]));
    return { answer, destroy: () => socket.destroy() };
  };
  return {
    call,
    raw,
    inHandler,
    releaseAll: () => {
      for (const release of releases.splice(0)) release();
    },
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** The parts of a raw HTTP/1.1 answer the tests compare. */
function summarizeRaw(answer: string) {
  const [head = "", text = ""] = answer.split("\r\n\r\n");
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(head)?.[1] ?? null;
  return {
    status: Number(head.split(" ")[1]),
    retryAfter: header("retry-after"),
    connection: header("connection"),
    body: JSON.parse(text),
  };
}

/**
 * With a call of `inHandBytes` in its handler, a request with the extra `head` fields that
 * sends `sent` and stalls before its body's end: what it got, and then the call in hand.
 */
async function stalledBeside(budget: number, inHandBytes: number, head: string, sent: Buffer) {
  const server = await serve(budget);
  try {
    const inHand = server.call(body(inHandBytes));
    await server.inHandler(1);
    const stalled = await server.raw(
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentTypes.binary}\r\n${head}\r\n`,
      sent,
    );
    const answer = summarizeRaw(await stalled.answer);
    server.releaseAll();
    return { answer, inHand: (await inHand).status };
  } finally {
    server.releaseAll();
    server.close();
  }
}
const refusedBeside = { answer: { status: 503, retryAfter: "1", connection: "close", body: busy.body }, inHand: 200 };

describe("maxBodyBytesInFlight", () => {
  test("When calls in hand hold the budget Then the next is 503 with Retry-After, and taken again once they end", async () => {
    const server = await serve(3000);
    try {
      const first = server.call(body(1000));
      const second = server.call(body(1000));
      await server.inHandler(2);
      const refused = await server.call(body(1000));
      server.releaseAll();
      const answered = await Promise.all([first, second]);
      const again = server.call(body(1000));
      await server.inHandler(1);
      server.releaseAll();
      expect({ refused, answered: answered.map((a) => a.status), again: (await again).status }).toEqual({
        refused: busy,
        answered: [200, 200],
        again: 200,
      });
    } finally {
      server.releaseAll();
      server.close();
    }
  });

  test("When a chunked body passes the budget once read Then 503; a call alone is always taken, whatever its size", async () => {
    const server = await serve(1500);
    try {
      const alone = server.call(body(4000), true);
      await server.inHandler(1);
      const refused = await server.call(body(1000), true);
      server.releaseAll();
      expect({ alone: (await alone).status, refused }).toEqual({ alone: 200, refused: busy });
    } finally {
      server.releaseAll();
      server.close();
    }
  });

  test("When a caller declares a body and sends none of it Then it holds nothing, and the others are taken", async () => {
    const server = await serve(1500);
    const stalled = await server.raw(
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentTypes.binary}\r\nContent-Length: 1400\r\n\r\n`,
    );
    try {
      const taken = server.call(body(1000));
      await server.inHandler(1);
      server.releaseAll();
      expect((await taken).status).toBe(200);
    } finally {
      stalled.destroy();
      server.releaseAll();
      server.close();
    }
  });

  test("When a chunked body stalls before its end past the budget Then 503 as soon as its bytes pass it", async () => {
    const chunk = body(4000);
    const sent = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    expect(await stalledBeside(1500, 1000, "Transfer-Encoding: chunked\r\n", sent)).toEqual(refusedBeside);
  });

  test("When a compressed body inflates past the budget before its end Then 503 as its inflated bytes pass it", async () => {
    // About 90 KB compressed, which fits beside the call in hand; over 64 KiB, so
    // inflated as it arrives, to 120 KB, which does not.
    const message = encodeCall(Echo.methods.echo!, [{ msg: randomBytes(90_000).toString("base64") }], 1, "binary");
    const compressed = gzipSync(message);
    const head = `Content-Encoding: gzip\r\nContent-Length: ${compressed.length}\r\n`;
    const sent = compressed.subarray(0, compressed.length - 8);
    expect(await stalledBeside(200_000, 50_000, head, sent)).toEqual(refusedBeside);
  });

  test("When the option is not a non-negative integer Then it throws at set-up", () => {
    expect(() => createThriftMiddleware({}, { maxBodyBytesInFlight: -1 })).toThrow(
      "Option maxBodyBytesInFlight must be a non-negative integer, got -1",
    );
  });
});
