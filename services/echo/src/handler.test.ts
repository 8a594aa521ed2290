// The echo handler alone, without HTTP: the message comes back as it was given.
import { echoHandler } from "./handler";

describe("echo", () => {
  test.each([["hello"], [""], ["grüße, 世界 🎉"]])("returns the message it was given: %j", async (msg) => {
    await expect(echoHandler.echo({ msg })).resolves.toEqual({ msg });
  });

  test("when the request has no message, then neither has the reply", async () => {
    await expect(echoHandler.echo({})).resolves.toStrictEqual({ msg: undefined });
  });
});
