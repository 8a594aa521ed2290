// servedBy: every answer names the replica that made it.
import { hostname } from "node:os";
import Koa from "koa";
import { listen } from "./__fixtures__/listen";
import { servedBy } from "./served-by";

describe("servedBy", () => {
  test.each([
    ["the host name by default", undefined, hostname()],
    ["the given name", "replica-2", "replica-2"],
  ])("names %s on the reply", async (_case, name, expected) => {
    const app = new Koa();
    app.use(servedBy(name));
    const server = await listen(app);
    const response = await fetch(server.url);
    await server.close();
    expect(response.headers.get("x-served-by")).toBe(expected);
  });
});
