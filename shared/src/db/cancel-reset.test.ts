// A statement cancelled by its call's signal: the connection it ran on is closed with a
// TCP reset, not a graceful close. On a network that holds the statement back (a
// partition), a graceful close leaves it in the kernel's send queue, and the server runs
// it once the network heals: after the caller got its 504, and after a later write the
// caller was told succeeded (the chaos probe's lost update). A server of our own that
// speaks just enough of PostgreSQL's protocol tells the two closes apart.
import { once } from "node:events";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { createLogger } from "../server/logger";
import { createDatabase } from "./database";

/** One message of the server's: its type, then its length (which counts itself) and body. */
function message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const int32s = (...values: number[]) => Buffer.concat(values.map((v) => Buffer.from([v >>> 24, v >>> 16, v >>> 8, v])));
const ready = message("Z", Buffer.from("I"));

/**
 * Takes a connection (trust), answers its first query (the pool's SET search_path) and
 * never its second; resolves, for that connection, with how the client closed it.
 */
function serveUntilClosed(socket: Socket): Promise<"reset" | "graceful"> {
  let buffered = Buffer.alloc(0);
  let started = false;
  let queries = 0;
  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (!started) {
        if (buffered.length < 4 || buffered.length < buffered.readInt32BE(0)) return;
        buffered = buffered.subarray(buffered.readInt32BE(0));
        started = true;
        socket.write(Buffer.concat([message("R", int32s(0)), message("K", int32s(4242, 7)), ready]));
        continue;
      }
      if (buffered.length < 5 || buffered.length < 1 + buffered.readInt32BE(1)) return;
      const type = String.fromCharCode(buffered[0]!);
      buffered = buffered.subarray(1 + buffered.readInt32BE(1));
      if (type === "Q" && ++queries === 1) socket.write(Buffer.concat([message("C", Buffer.from("SET\0")), ready]));
    }
  });
  return new Promise((resolve) => {
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNRESET" ? "reset" : "graceful"));
    socket.on("end", () => resolve("graceful"));
  });
}

test("When a statement's call is aborted Then the connection it ran on is closed with a reset", async () => {
  const closes: Promise<"reset" | "graceful">[] = [];
  const server = createServer((socket) => {
    // The cancel request comes on a connection of its own: 16 bytes, then closed.
    socket.once("data", (first: Buffer) => {
      if (first.length === 16 && first.readInt32BE(4) === 80877102) return socket.destroy();
      socket.unshift(first);
      closes.push(serveUntilClosed(socket));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const db = createDatabase(
    {
      client: { host: "127.0.0.1", port, user: "app", database: "app" },
      poolMax: 1,
      schema: "app",
      connectTimeoutMs: 1000,
      retryIntervalMs: 100,
    },
    createLogger({ level: "silent", name: "test" }),
  );
  try {
    const outcome = await db.query("UPDATE users SET name = 'old'", undefined, AbortSignal.timeout(100)).then(
      () => "done",
      (error: Error) => error.name,
    );
    expect({ outcome, closes: await Promise.all(closes) }).toEqual({ outcome: "TimeoutError", closes: ["reset"] });
  } finally {
    await db.close().catch(() => undefined);
    server.close();
  }
});
