// The code generated from data.thrift, through the runtime's message encoding.
import { decodeCall, decodeReply, encodeCall, encodeReply, type ProtocolName } from "@starter/shared/core";
import { Thrift } from "thrift";
import { DataService, KeyNotFound, type Entry } from "./data";

const protocols: ProtocolName[] = ["binary", "compact", "json"];
const { methods } = DataService;
const entry: Entry = { key: "k", value: Buffer.from([0, 255, 7]), version: 2n ** 63n - 1n };

describe.each(protocols)("over %s", (protocol) => {
  it.each([
    ["ping", [], undefined],
    ["get", ["k"], entry],
    ["put", ["k", Buffer.from("v")], { ...entry, version: -(2n ** 63n) }],
    ["remove", ["k"], false],
    ["increment", ["k", -5n], 9007199254740993n],
    ["counter", ["k"], 0n],
  ] as const)("%s: the call and its reply read back", (name, args, value) => {
    const method = methods[name]!;

    expect(decodeCall(DataService, encodeCall(method, args, 3, protocol), protocol)).toEqual({
      kind: "call",
      method,
      seqid: 3,
      args,
    });
    expect(decodeReply(method, encodeReply(method, 3, protocol, { kind: "success", value }), protocol)).toEqual({
      kind: "success",
      value,
    });
  });

  it("incrementLater: is sent as ONEWAY and reads back", () => {
    const method = methods.incrementLater!;
    const call = encodeCall(method, ["k", 1n], 4, protocol);

    expect(decodeCall(DataService, call, protocol)).toEqual({ kind: "call", method, seqid: 4, args: ["k", 1n] });
  });

  it("get: When the key is missing Then the caller gets a KeyNotFound with its fields", () => {
    const method = methods.get!;
    const reply = encodeReply(method, 5, protocol, { kind: "declared", error: new KeyNotFound({ key: "k" }) });
    const outcome = decodeReply(method, reply, protocol);

    expect(outcome).toEqual({ kind: "declared", error: new KeyNotFound({ key: "k" }) });
    expect((outcome as { error: Error }).error).toBeInstanceOf(KeyNotFound);
    expect((outcome as { error: Error }).error.message).toBe('KeyNotFound: key="k"');
  });
});

describe("DataService", () => {
  it("declares how each method may be called", () => {
    expect(Object.fromEntries(Object.values(methods).map((m) => [m.name, { oneway: m.oneway, ...m.policy }]))).toEqual({
      ping: { oneway: false, idempotency: "no_side_effects", cacheMaxAge: 0, cacheShared: false, timeoutMs: undefined },
      get: { oneway: false, idempotency: "no_side_effects", cacheMaxAge: 5, cacheShared: true, timeoutMs: undefined },
      put: { oneway: false, idempotency: "idempotent", cacheMaxAge: 0, cacheShared: false, timeoutMs: 2000 },
      remove: { oneway: false, idempotency: "idempotent", cacheMaxAge: 0, cacheShared: false, timeoutMs: undefined },
      increment: { oneway: false, idempotency: "none", cacheMaxAge: 0, cacheShared: false, timeoutMs: undefined },
      incrementLater: {
        oneway: true,
        idempotency: "none",
        cacheMaxAge: 0,
        cacheShared: false,
        timeoutMs: undefined,
        durable: true,
      },
      counter: {
        oneway: false,
        idempotency: "no_side_effects",
        cacheMaxAge: 0,
        cacheShared: false,
        timeoutMs: undefined,
      },
    });
  });

  it("When a handler returns an Entry without its version Then the reply is not written", () => {
    const partial = { key: "k", value: Buffer.alloc(0) } as unknown as Entry;

    let error: unknown;
    try {
      encodeReply(methods.get!, 1, "binary", { kind: "success", value: partial });
    } catch (thrown) {
      error = thrown;
    }

    expect(error).toMatchObject({
      name: "TProtocolException",
      type: Thrift.TProtocolExceptionType.INVALID_DATA,
      message: "Required field Entry.version is unset",
    });
  });

  it("When a call lacks the key argument Then it is rejected as a protocol error", () => {
    const call = encodeCall(methods.put!, ["k", Buffer.from("v")], 1, "binary");
    // The same call with field 1 (the key) renamed to id 9: an older or foreign client.
    const foreign = Buffer.from(call.toString("hex").replace("0b0001", "0b0009"), "hex");

    expect(decodeCall(DataService, foreign, "binary")).toEqual({
      kind: "rejected",
      name: "put",
      seqid: 1,
      type: Thrift.TApplicationExceptionType.PROTOCOL_ERROR,
      message: "Required field DataService_put_args.key is unset",
    });
  });
});
