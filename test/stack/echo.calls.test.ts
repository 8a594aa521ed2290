// Every Echo method through the gateway, in every transport a client may choose.
import { Echo } from "@starter/echo/gen/echo";
import { closeClients, through, transports } from "./clients";

afterAll(closeClients);

describe.each(transports)("Echo through the gateway, $name", (transport) => {
  const echo = () => through(Echo, "/echo", { transport });

  test("When echo is called with a message Then the same message comes back", async () => {
    await expect(echo().echo({ msg: "héllo, wörld ✓" })).resolves.toEqual({ msg: "héllo, wörld ✓" });
  });

  test("When the message is empty or 100 KB long Then it comes back unchanged", async () => {
    const long = "0123456789".repeat(10_000);
    await expect(Promise.all([echo().echo({ msg: "" }), echo().echo({ msg: long })])).resolves.toEqual([{ msg: "" }, { msg: long }]);
  });
});
