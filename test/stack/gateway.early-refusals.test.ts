// A replica refuses some calls before reading their bodies (404, 405, 415) and then
// closes the connection rather than read a body it refused. nginx is still sending the
// body when the refusal comes: the replica's bounded lingering close lets nginx read the
// refusal first, so the caller gets it every time, never a 502 for a reset connection.
import { contentTypes } from "@starter/shared/core";
import { jsonOf, send } from "./gateway";
import { authorization, callers } from "./stack";

const auth = { authorization: authorization(callers.alice) };
// Just under the gateway's 1 MiB limit: the most the gateway passes on to a replica.
const body = Buffer.alloc(1024 * 1024 - 1, 1);

describe("Refusals of large bodies through the gateway", () => {
  test.each([
    ["415 for a content type", "POST", "/echo", "text/plain", 415, "unsupported_media_type"],
    ["404 for an unknown method", "POST", "/echo/nope", contentTypes.binary, 404, "not_found"],
    ["405 for a method not allowed", "PUT", "/echo", contentTypes.binary, 405, "method_not_allowed"],
  ])(
    "When a replica answers %s before reading the body Then the caller gets that answer every time",
    async (_name, method, path, type, status, code) => {
      const replies = [];
      // In sequence: each on a connection of its own, as a caller's retries would be.
      for (let i = 0; i < 20; i++)
        replies.push(await send({ method, path, headers: { ...auth, "content-type": type }, body }));
      expect(replies.map((reply) => [reply.status, (jsonOf(reply) as { code?: string }).code])).toEqual(
        Array(20).fill([status, code]),
      );
    },
  );
});
