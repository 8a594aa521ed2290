// A server that speaks just enough of PostgreSQL's protocol for the failures a real one
// cannot be made to show on demand: a connection that stops answering (a network gone
// without a reset), and how the client closes it (a reset, or a graceful close that
// would still deliver what it was sending). Trust authentication; simple queries only.
import { once } from "node:events";
import { createServer, type AddressInfo, type Socket } from "node:net";
import type { Logger } from "../../server/logger";
import type { DatabaseConnection } from "../connection";
import { createDatabase, type Database } from "../database";

export type CloseKind = "reset" | "graceful";

export interface FakePostgres {
  readonly port: number;
  /** How each client connection (cancel requests aside) ended, in the order they came. */
  readonly closes: Promise<CloseKind>[];
  close(): Promise<void>;
}

/** A database of one pooled connection on the server at `port`; `timings` override 1 s to connect, 100 ms between probes. */
export function databaseOn(
  port: number,
  logger: Logger,
  timings: Partial<Pick<DatabaseConnection, "connectTimeoutMs" | "retryIntervalMs">> = {},
): Database {
  return createDatabase(
    {
      client: { host: "127.0.0.1", port, user: "app", database: "app" },
      poolMax: 1,
      schema: "app",
      connectTimeoutMs: 1000,
      retryIntervalMs: 100,
      ...timings,
    },
    logger,
  );
}

/** One message of the server's: its type, its length (which counts itself), its body. */
function message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const int32s = (...values: number[]) => Buffer.concat(values.map((value) => int32(value)));
const int32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value);
  return bytes;
};
const ready = message("Z", Buffer.from("I"));
const cancelRequestCode = 80877102;

/**
 * Answers the first `answered` queries of each connection (CommandComplete), then none.
 * Listens on `port` (default: any free one).
 */
export async function startFakePostgres({
  answered,
  port = 0,
}: {
  answered: number;
  port?: number;
}): Promise<FakePostgres> {
  const closes: Promise<CloseKind>[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serve(socket, answered);
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    closes,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };

  function serve(socket: Socket, limit: number): void {
    let buffered = Buffer.alloc(0);
    let started = false;
    let queries = 0;
    const ended = new Promise<CloseKind>((resolve) => {
      socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNRESET" ? "reset" : "graceful"));
      socket.on("end", () => resolve("graceful"));
    });
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (!started) {
          if (buffered.length < 8 || buffered.length < buffered.readInt32BE(0)) return;
          // A cancel request's connection is not a client's: it is not in `closes`.
          if (buffered.readInt32BE(4) === cancelRequestCode) {
            socket.destroy();
            return;
          }
          buffered = buffered.subarray(buffered.readInt32BE(0));
          started = true;
          closes.push(ended);
          socket.write(Buffer.concat([message("R", int32s(0)), message("K", int32s(4242, 7)), ready]));
          continue;
        }
        if (buffered.length < 5 || buffered.length < 1 + buffered.readInt32BE(1)) return;
        const type = String.fromCharCode(buffered[0]!);
        buffered = buffered.subarray(1 + buffered.readInt32BE(1));
        if (type === "Q" && ++queries <= limit) {
          socket.write(Buffer.concat([message("C", Buffer.from("OK\0")), ready]));
        }
      }
    });
  }
}
