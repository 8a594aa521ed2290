// What each method of Apache's test service does, as its IDL comments document and as
// Apache's test clients check (ThriftTest.thrift; README.md sums it up): the echo methods
// return their argument, the others the fixed answers below. `satisfies` holds each
// handler to the generated interface.
import { setTimeout as sleep } from "node:timers/promises";
import type { CallContext } from "@starter/shared/client";
import {
  Numberz,
  Xception,
  Xception2,
  type Insanity,
  type SecondServiceHandler,
  type ThriftTestHandler,
  type UserId,
  type Xtruct,
} from "./gen/ThriftTest";

// Node's timers hold at most 2^31 - 1 ms; longer ones fire at once.
const maxTimerMs = 2 ** 31 - 1;

/** testMapMap's answer, whatever its argument. */
export function mapMap(): Map<number, Map<number, number>> {
  return new Map([
    [
      -4,
      new Map([
        [-4, -4],
        [-3, -3],
        [-2, -2],
        [-1, -1],
      ]),
    ],
    [
      4,
      new Map([
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 4],
      ]),
    ],
  ]);
}

/** testInsanity's answer: the argument twice under 1, an empty Insanity under 2. */
export function insanity(argument: Insanity): Map<UserId, Map<Numberz, Insanity>> {
  return new Map<UserId, Map<Numberz, Insanity>>([
    [
      1n,
      new Map([
        [Numberz.TWO, argument],
        [Numberz.THREE, argument],
      ]),
    ],
    [2n, new Map([[Numberz.SIX, {}]])],
  ]);
}

export const thriftTestHandler = {
  async testVoid() {},
  async testString(thing: string) {
    return thing;
  },
  async testBool(thing: boolean) {
    return thing;
  },
  async testByte(thing: number) {
    return thing;
  },
  async testI32(thing: number) {
    return thing;
  },
  async testI64(thing: bigint) {
    return thing;
  },
  async testDouble(thing: number) {
    return thing;
  },
  async testBinary(thing: Buffer) {
    return thing;
  },
  async testUuid(thing: string) {
    return thing;
  },
  async testStruct(thing: Xtruct) {
    return thing;
  },
  async testNest(thing) {
    return thing;
  },
  async testMap(thing) {
    return thing;
  },
  async testStringMap(thing) {
    return thing;
  },
  async testSet(thing) {
    return thing;
  },
  async testList(thing) {
    return thing;
  },
  async testEnum(thing) {
    return thing;
  },
  async testTypedef(thing) {
    return thing;
  },
  async testMapMap() {
    return mapMap();
  },
  async testInsanity(argument) {
    return insanity(argument);
  },
  async testMulti(arg0: number, arg1: number, arg2: bigint) {
    return { string_thing: "Hello2", byte_thing: arg0, i32_thing: arg1, i64_thing: arg2 };
  },
  async testException(arg: string) {
    if (arg === "Xception") throw new Xception({ errorCode: 1001, message: arg });
    // Not declared: the service answers it with a TApplicationException (INTERNAL_ERROR),
    // which is a TException to every Apache client.
    if (arg === "TException") throw new Error("testException was asked to fail with a TException");
  },
  async testMultiException(arg0: string, arg1: string) {
    if (arg0 === "Xception") throw new Xception({ errorCode: 1001, message: "This is an Xception" });
    if (arg0 === "Xception2") {
      throw new Xception2({ errorCode: 2002, struct_thing: { string_thing: "This is an Xception2" } });
    }
    return { string_thing: arg1 };
  },
  // Oneway: the caller has its answer before this runs. The sleep ends early when the
  // service's deadline for oneway work passes (its signal).
  async testOneway(secondsToSleep: number, ctx: CallContext) {
    const ms = Math.min(Math.max(0, secondsToSleep) * 1000, maxTimerMs);
    await sleep(ms, undefined, { signal: ctx.signal }).catch(() => undefined);
  },
} satisfies ThriftTestHandler;

export const secondServiceHandler = {
  async blahBlah() {},
  async secondtestString(thing: string) {
    return `testString("${thing}")`;
  },
} satisfies SecondServiceHandler;
