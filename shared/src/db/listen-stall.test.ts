// The listening connection stops answering (a network gone without a reset: the chaos
// probe moved a replica to another address, and every cached getUser then waited on a
// round trip for 15 minutes, answering 504). The round trip gives up after
// connectTimeoutMs, and the connection is dropped and made again.
import { createLogger } from "../server/logger";
import { startFakePostgres } from "./__fixtures__/fake-postgres";
import { listenWithReconnect } from "./listen";

test("When the listening connection stops answering Then catching up rejects in connectTimeoutMs, and it listens again on a new connection", async () => {
  // Each connection answers its LISTEN, and nothing after it.
  const server = await startFakePostgres({ answered: 1 });
  const events: string[] = [];
  // Resolves at the next onListening.
  let heard: (value?: unknown) => void = () => undefined;
  const listening = () => new Promise<unknown>((resolve) => (heard = resolve));
  const handlers = {
    onNotify: () => undefined,
    onListening: () => {
      events.push("listening");
      heard();
    },
    onLost: () => void events.push("lost"),
  };
  const first = listening();
  const listener = await listenWithReconnect(
    {
      client: { host: "127.0.0.1", port: server.port, user: "app", database: "app" },
      poolMax: 1,
      schema: "app",
      connectTimeoutMs: 200,
      retryIntervalMs: 50,
    },
    "changes",
    handlers,
    createLogger({ level: "silent", name: "test" }),
  );
  try {
    await first;
    const again = listening();
    const started = Date.now();
    const caughtUp = await listener.catchUp().then(
      () => "caught up",
      (error: Error) => error.message,
    );
    const waitedMs = Date.now() - started;
    await again;
    expect({
      caughtUp,
      waited: waitedMs >= 200 && waitedMs < 2_000,
      firstClosed: await server.closes[0],
      connections: server.closes.length,
      events,
    }).toEqual({
      caughtUp: "no answer on the connection listening on changes in 200 ms",
      waited: true,
      firstClosed: "reset",
      connections: 2,
      events: ["listening", "lost", "listening"],
    });
  } finally {
    await listener.close();
    await server.close();
  }
});
