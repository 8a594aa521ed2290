// The IDL implementation. Each method takes the IDL arguments, then the call context
// (request id, deadline, abort signal, caller identity), and returns a promise of the
// IDL result. `satisfies` checks it against the generated interface, so a renamed
// method or a wrong type fails the build, not a call.
import type { EchoHandler, EchoReq } from "./gen/echo";

export const echoHandler = {
  async echo(req: EchoReq) {
    return { msg: req.msg };
  },
} satisfies EchoHandler;
