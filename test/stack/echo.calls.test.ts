// Every Echo method through the gateway, in every transport a client may choose.
import { Echo } from "@starter/echo/gen/echo";
import {
  contentTypes,
  encodeCall,
  headerFrameContentType,
  readHeaderFrame,
  writeHeaderFrame,
} from "@starter/shared/core";
import { closeClients, through, transports } from "./clients";
import { outcomeOf, postCall, send, summary } from "./gateway";
import { authorization, callers } from "./stack";

afterAll(closeClients);

describe.each(transports)("Echo through the gateway, $name", (transport) => {
  const echo = () => through(Echo, "/echo", { transport });

  test("When echo is called with a message Then the same message comes back", async () => {
    await expect(echo().echo({ msg: "héllo, wörld ✓" })).resolves.toEqual({ msg: "héllo, wörld ✓" });
  });

  test("When the message is empty or 100 KB long Then it comes back unchanged", async () => {
    const long = "0123456789".repeat(10_000);
    await expect(Promise.all([echo().echo({ msg: "" }), echo().echo({ msg: long })])).resolves.toEqual([
      { msg: "" },
      { msg: long },
    ]);
  });
});

describe("Echo through the gateway, as stock clients send it", () => {
  test.each(["binary", "compact", "json"] as const)(
    "When a %s call comes as application/x-thrift Then the reply is in that protocol, with its own type",
    async (protocol) => {
      const reply = await postCall("echo", Echo, "echo", [{ msg: "stock" }], {
        protocol,
        auth: callers.ci,
        headers: { "content-type": "application/x-thrift", accept: "application/x-thrift" },
      });
      expect(summary(reply)).toEqual({
        status: 200,
        contentType: contentTypes[protocol],
        cacheControl: "no-store",
        cacheStatus: "NONE",
      });
      expect(outcomeOf(Echo, "echo", reply, protocol)).toEqual({ kind: "success", value: { msg: "stock" } });
    },
  );

  test.each(["binary", "compact"] as const)(
    "When a %s call comes in a THeader frame Then the reply comes in one, with its message's sequence id, as Apache's THeader writers set it",
    async (protocol) => {
      const call = encodeCall(Echo.methods.echo!, [{ msg: "framed" }], 1, protocol);
      const reply = await send({
        method: "POST",
        path: "/echo",
        headers: { "content-type": "application/x-thrift", authorization: authorization(callers.ci) },
        body: writeHeaderFrame({ flags: 0, seqid: 77 }, protocol, call),
      });
      expect(summary(reply)).toEqual({
        status: 200,
        contentType: headerFrameContentType,
        cacheControl: "no-store",
        cacheStatus: "NONE",
      });
      const frame = readHeaderFrame(reply.body);
      // The request's frame said 77, its message 1.
      expect(frame).toEqual({ protocol, message: expect.any(Buffer), head: { flags: 0, seqid: 1 } });
      const { message } = frame as { message: Buffer };
      expect(outcomeOf(Echo, "echo", { ...reply, body: message }, protocol)).toEqual({
        kind: "success",
        value: { msg: "framed" },
      });
    },
  );
});
