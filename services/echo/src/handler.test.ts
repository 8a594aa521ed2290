// The handler through its contract: the generated client bound to it in memory by
// createTestClient, through the real client and server core (encoding, policies,
// deadlines, exceptions), with no server or socket. app.test.ts covers the HTTP around it.
import { createTestClient } from "@starter/shared/testing";
import { Echo } from "./gen/echo";
import { echoHandler } from "./handler";

const echo = createTestClient(Echo, echoHandler);
afterAll(() => echo.close());

describe("echo", () => {
  test.each([["hello"], [""], ["grüße, 世界 🎉"]])("returns the message it was given: %j", async (msg) => {
    await expect(echo.echo({ msg })).resolves.toEqual({ msg });
  });

  test("when the request has no message, then neither has the reply", async () => {
    await expect(echo.echo({})).resolves.toStrictEqual({});
  });
});
