import { echoHandler } from "./handler";

describe("echo", () => {
  test.each([["hello"], [""], ["grüße, 世界 🎉"]])("returns the message it was given: %j", async (msg) => {
    await expect(echoHandler.echo({ msg })).resolves.toEqual({ msg });
  });

  test("when the request has no message, then neither has the reply", async () => {
    await expect(echoHandler.echo({})).resolves.toStrictEqual({ msg: undefined });
  });
});
