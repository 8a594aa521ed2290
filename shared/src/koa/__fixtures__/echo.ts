// A hand-written definition of services/echo/echo.thrift (shared cannot import the
// generated one: it is built after shared), for the Apache client to talk to.
import { Thrift, type TProtocol } from "thrift";
import { method, policy, string, struct } from "../../core/__fixtures__/struct";
import type { CallContext, ServiceDefinition } from "../../core/definition";

export interface EchoMessage {
  msg?: string;
}

export interface EchoHandler {
  echo(req: EchoMessage, context: CallContext): Promise<EchoMessage>;
}

const message = struct([{ id: 1, name: "msg", ...string }]);
const messageField = {
  type: Thrift.Type.STRUCT,
  read: (p: TProtocol) => message.read(p),
  write: (p: TProtocol, value: EchoMessage) => message.write(p, value as Record<string, unknown>),
};

export const Echo: ServiceDefinition<EchoHandler> = {
  name: "Echo",
  methods: {
    echo: method("echo", [{ id: 1, name: "req", required: true, ...messageField }], messageField, {
      policy: policy({ idempotency: "idempotent", timeoutMs: 1000 }),
    }),
  },
};
