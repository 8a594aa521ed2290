// A hand-written ServiceDefinition for the tests of the core, in the shape the
// generator emits. The IDL it stands for:
//
//     exception DivideByZero { 1: required string message }
//     service Calc {
//       i32 add(1: i32 a, 2: i32 b) (idempotency = "no_side_effects", cache.max_age = "10")
//       i32 divide(1: i32 a, 2: i32 b) throws (1: DivideByZero divideByZero)
//       list<string> shout(1: list<string> words)
//         (idempotency = "no_side_effects", cache.max_age = "60", cache.shared = "true")
//       string wait(1: i32 ms) (timeout_ms = "50")
//       void reset() (idempotency = "idempotent")
//       oneway void record(1: string event)
//     }
import { Thrift, type TProtocol } from "thrift";
import type { CallContext, ServiceDefinition } from "../definition";
import { i32, method, policy, string, stringList, struct } from "./struct";

const { Type } = Thrift;

export class DivideByZero extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DivideByZero";
  }
}

const divideByZeroStruct = struct([{ id: 1, name: "message", required: true, ...string }]);
const divideByZero = {
  type: Type.STRUCT,
  read: (p: TProtocol) => new DivideByZero(divideByZeroStruct.read(p).message as string),
  write: (p: TProtocol, error: DivideByZero) => divideByZeroStruct.write(p, { message: error.message }),
};

export interface CalcHandler {
  add(a: number, b: number, context: CallContext): Promise<number>;
  divide(a: number, b: number, context: CallContext): Promise<number>;
  shout(words: string[], context: CallContext): Promise<string[]>;
  wait(ms: number, context: CallContext): Promise<string>;
  reset(context: CallContext): Promise<void>;
  record(event: string, context: CallContext): Promise<void>;
}

export const methods = {
  add: method(
    "add",
    [
      { id: 1, name: "a", ...i32 },
      { id: 2, name: "b", ...i32 },
    ],
    i32,
    {
      policy: policy({ idempotency: "no_side_effects", cacheMaxAge: 10 }),
    },
  ),
  divide: method(
    "divide",
    [
      { id: 1, name: "a", ...i32 },
      { id: 2, name: "b", ...i32 },
    ],
    i32,
    {
      exceptions: [{ id: 1, name: "divideByZero", type: DivideByZero }],
      exceptionFields: [{ id: 1, name: "divideByZero", ...divideByZero }],
    },
  ),
  shout: method("shout", [{ id: 1, name: "words", ...stringList }], stringList, {
    policy: policy({ idempotency: "no_side_effects", cacheMaxAge: 60, cacheShared: true }),
  }),
  wait: method("wait", [{ id: 1, name: "ms", ...i32 }], string, { policy: policy({ timeoutMs: 50 }) }),
  reset: method("reset", [], undefined, { policy: policy({ idempotency: "idempotent" }) }),
  record: method("record", [{ id: 1, name: "event", ...string }], undefined, { oneway: true }),
};

export const Calc: ServiceDefinition<CalcHandler> = { name: "Calc", methods };
