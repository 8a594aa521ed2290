// Serves a Koa app on a free port of 127.0.0.1 for one test file.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type Koa from "koa";

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export async function listen(app: Pick<Koa, "callback">): Promise<Listening> {
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
