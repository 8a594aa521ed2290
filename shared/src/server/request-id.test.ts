// The requestId middleware: a sane id from the caller is kept and echoed, else a fresh
// UUID is made.
import Koa from "koa";
import { listen, type Listening } from "./__fixtures__/listen";
import { requestId } from "./request-id";
import type { ServerState } from "./state";

let server: Listening;
beforeAll(async () => {
  const app = new Koa<ServerState>();
  app.use(requestId());
  app.use((ctx) => {
    ctx.body = ctx.state.requestId;
  });
  server = await listen(app);
});
afterAll(() => server.close());

async function call(headers: Record<string, string> = {}) {
  const response = await fetch(server.url, { headers });
  return { header: response.headers.get("x-request-id"), seen: await response.text() };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestId", () => {
  test("when the caller sends an id, then it is kept and echoed", async () => {
    expect(await call({ "x-request-id": "gw-7f3a:12.4_x" })).toEqual({
      header: "gw-7f3a:12.4_x",
      seen: "gw-7f3a:12.4_x",
    });
  });

  test("when none is sent, then a fresh UUID is made", async () => {
    const { header, seen } = await call();
    expect(header).toMatch(uuid);
    expect(seen).toBe(header);
  });

  test.each([
    ["too long", "a".repeat(129)],
    ["with spaces", "a b"],
    ["with quotes", 'a"b'],
  ])("when the sent id is %s, then it is replaced", async (_case, id) => {
    const { header, seen } = await call({ "x-request-id": id });
    expect(header).toMatch(uuid);
    expect(seen).toBe(header);
  });
});
