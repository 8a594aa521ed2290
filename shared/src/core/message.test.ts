// Encoding and decoding whole messages (calls, replies, exceptions), and the
// TProtocolException or TApplicationException each malformed one gets.
import { Thrift } from "thrift";
import { Calc, DivideByZero, methods } from "./__fixtures__/calc";
import { decodeCall, decodeReply, encodeApplicationException, encodeCall, encodeReply } from "./message";
import type { ProtocolName } from "./protocols";
import { thrown } from "./__fixtures__/thrown";

const { TApplicationExceptionType: App, TProtocolExceptionType: Problem } = Thrift;
const protocols: ProtocolName[] = ["binary", "compact", "json"];
const { add, divide, reset, record, shout } = methods;

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ""), "hex");

describe("encodeCall", () => {
  it("writes a strict binary CALL with the args struct", () => {
    expect(encodeCall(add, [1, 2], 7, "binary")).toEqual(
      hex("80010001 00000003 616464 00000007  08 0001 00000001  08 0002 00000002  00"),
    );
  });

  it("When the method is oneway Then the message type is ONEWAY", () => {
    expect(encodeCall(record, ["x"], 1, "binary").subarray(0, 4)).toEqual(hex("80010004"));
  });
});

describe("decodeCall", () => {
  it.each(protocols)("reads back a %s call with its arguments in order", (protocol) => {
    expect(decodeCall(Calc, encodeCall(shout, [["a", "b"]], 42, protocol), protocol)).toEqual({
      kind: "call",
      method: shout,
      seqid: 42,
      args: [["a", "b"]],
    });
  });

  it("When the header cannot be read Then it throws a TProtocolException", () => {
    expect(thrown(() => decodeCall(Calc, hex("8001"), "binary"))).toMatchObject({
      name: "TProtocolException",
      type: Problem.INVALID_DATA,
      message: "Unexpected end of message",
    });
    expect(thrown(() => decodeCall(Calc, Buffer.from("{nope"), "json"))).toMatchObject({ type: Problem.INVALID_DATA });
  });

  it.each(["nope", "__proto__", "toString"])(
    "When the method %s is unknown Then the call is rejected with UNKNOWN_METHOD",
    (name) => {
      const bytes = encodeCall({ ...add, name }, [1, 2], 5, "binary");
      expect(decodeCall(Calc, bytes, "binary")).toEqual({
        kind: "rejected",
        name,
        seqid: 5,
        type: App.UNKNOWN_METHOD,
        message: `Unknown method ${name}`,
      });
    },
  );

  it("When the message is a reply Then the call is rejected with INVALID_MESSAGE_TYPE", () => {
    expect(decodeCall(Calc, encodeReply(add, 9, "binary", { kind: "success", value: 3 }), "binary")).toEqual({
      kind: "rejected",
      name: "add",
      seqid: 9,
      type: App.INVALID_MESSAGE_TYPE,
      message: "Expected a call, got message type 2",
    });
  });

  it("When the args are cut short Then the call is rejected with PROTOCOL_ERROR", () => {
    const bytes = encodeCall(add, [1, 2], 3, "binary");
    expect(decodeCall(Calc, bytes.subarray(0, bytes.length - 3), "binary")).toEqual({
      kind: "rejected",
      name: "add",
      seqid: 3,
      type: App.PROTOCOL_ERROR,
      message: "Unexpected end of message",
    });
  });

  it.each(protocols)(
    "When a %s call is followed by more bytes Then the call is rejected with PROTOCOL_ERROR, saying where",
    (protocol) => {
      const call = encodeCall(add, [1, 2], 7, protocol);
      // JSON text may end in whitespace; in binary and compact every byte counts.
      const second = encodeCall(add, [3, 4], 8, protocol).toString("latin1");
      for (const more of protocol === "json" ? ["x", second] : ["x", "\n", "\0", second]) {
        expect(decodeCall(Calc, Buffer.concat([call, Buffer.from(more, "latin1")]), protocol)).toEqual({
          kind: "rejected",
          name: "add",
          seqid: 7,
          type: App.PROTOCOL_ERROR,
          message: `Unexpected bytes after the message at byte ${call.length}`,
        });
      }
    },
  );

  it.each(protocols)(
    "When a %s call names the method as a stock multiplexed client does, after this service's name Then it is a call of that method",
    (protocol) => {
      const bytes = encodeCall({ ...add, name: `${Calc.name}:add` }, [1, 2], 4, protocol);
      expect(decodeCall(Calc, bytes, protocol)).toEqual({ kind: "call", method: add, seqid: 4, args: [1, 2] });
      // Its arguments cut short: the refusal names the method alone too, as the reply must.
      expect(decodeCall(Calc, bytes.subarray(0, bytes.length - 3), protocol)).toMatchObject({
        kind: "rejected",
        name: "add",
        type: App.PROTOCOL_ERROR,
      });
    },
  );

  it.each(["Other:add", ":add", "add:", `Calc:nope`, "Calc:Calc:add"])(
    "When a call names %s Then it is an unknown method, named as sent",
    (name) => {
      const bytes = encodeCall({ ...add, name }, [1, 2], 6, "binary");
      expect(decodeCall(Calc, bytes, "binary")).toEqual({
        kind: "rejected",
        name,
        seqid: 6,
        type: App.UNKNOWN_METHOD,
        message: `Unknown method ${name}`,
      });
    },
  );

  it("When an oneway method is sent as CALL Then it is still a call of that method", () => {
    const bytes = encodeCall({ ...record, oneway: false }, ["e"], 1, "binary");
    expect(decodeCall(Calc, bytes, "binary")).toEqual({ kind: "call", method: record, seqid: 1, args: ["e"] });
  });
});

describe("decodeReply", () => {
  it.each(protocols)("reads a %s success, void result and declared exception", (protocol) => {
    expect(decodeReply(add, encodeReply(add, 1, protocol, { kind: "success", value: 3 }), protocol)).toEqual({
      kind: "success",
      value: 3,
    });
    expect(
      decodeReply(reset, encodeReply(reset, 1, protocol, { kind: "success", value: undefined }), protocol),
    ).toEqual({
      kind: "success",
      value: undefined,
    });
    const declared = decodeReply(
      divide,
      encodeReply(divide, 1, protocol, { kind: "declared", error: new DivideByZero("b is 0") }),
      protocol,
    );
    expect(declared).toEqual({ kind: "declared", error: new DivideByZero("b is 0") });
    expect(declared.kind === "declared" && declared.error).toBeInstanceOf(DivideByZero);
  });

  it.each(protocols)("reads a %s TApplicationException with its type and message", (protocol) => {
    const bytes = encodeApplicationException("add", 1, App.INTERNAL_ERROR, "Internal error", protocol);
    expect(decodeReply(add, bytes, protocol)).toEqual({
      kind: "application",
      type: App.INTERNAL_ERROR,
      message: "Internal error",
    });
  });

  it("When an unknown name with a quote is echoed in JSON Then the reply is still valid JSON", () => {
    const bytes = encodeApplicationException('a"b\\', 1, App.UNKNOWN_METHOD, "Unknown method", "json");
    expect(decodeReply({ ...add, name: 'a"b\\' }, bytes, "json")).toEqual({
      kind: "application",
      type: App.UNKNOWN_METHOD,
      message: "Unknown method",
    });
  });

  it("When a result has neither success nor exception Then MISSING_RESULT", () => {
    const bytes = encodeReply(reset, 1, "binary", { kind: "success", value: undefined });
    expect(decodeReply({ ...add, name: "reset" }, bytes, "binary")).toEqual({
      kind: "application",
      type: App.MISSING_RESULT,
      message: "reset failed: unknown result",
    });
  });

  it.each(protocols)(
    "When a %s message does not answer the call Then it throws a TProtocolException saying how",
    (protocol) => {
      const reply = encodeReply(add, 1, protocol, { kind: "success", value: 3 });
      const exception = encodeApplicationException("add", 1, App.INTERNAL_ERROR, "Internal error", protocol);
      expect(
        [
          () => decodeReply(divide, reply, protocol),
          () => decodeReply(divide, exception, protocol),
          () => decodeReply(add, encodeCall(add, [1, 2], 1, protocol), protocol),
          () => decodeReply(record, encodeCall(record, ["x"], 1, protocol), protocol),
          () => decodeReply(add, reply, protocol, undefined, 2),
          () => decodeReply(add, exception, protocol, undefined, 0),
        ].map((decode) => {
          const { name, type, message } = thrown(decode) as Thrift.TProtocolException;
          return { name, type, message };
        }),
      ).toEqual([
        { name: "TProtocolException", type: Problem.INVALID_DATA, message: "Expected a reply to divide, got add" },
        { name: "TProtocolException", type: Problem.INVALID_DATA, message: "Expected a reply to divide, got add" },
        { name: "TProtocolException", type: Problem.INVALID_DATA, message: "Expected a reply, got message type 1" },
        { name: "TProtocolException", type: Problem.INVALID_DATA, message: "Expected a reply, got message type 4" },
        { name: "TProtocolException", type: Problem.INVALID_DATA, message: "Expected a reply with seqid 2, got 1" },
        { name: "TProtocolException", type: Problem.INVALID_DATA, message: "Expected a reply with seqid 0, got 1" },
      ]);
    },
  );

  it.each(protocols)("When a %s reply is followed by more bytes Then INVALID_DATA, saying where", (protocol) => {
    const reply = encodeReply(add, 7, protocol, { kind: "success", value: 3 });
    expect(thrown(() => decodeReply(add, Buffer.concat([reply, Buffer.from("x")]), protocol, {}, 7))).toMatchObject({
      type: Problem.INVALID_DATA,
      message: `Unexpected bytes after the message at byte ${reply.length}`,
    });
  });

  it("When no seqid is given Then any seqid is accepted", () => {
    expect(decodeReply(add, encodeReply(add, 9, "binary", { kind: "success", value: 3 }), "binary")).toEqual({
      kind: "success",
      value: 3,
    });
    expect(
      decodeReply(add, encodeReply(add, 9, "binary", { kind: "success", value: 3 }), "binary", undefined, 9),
    ).toEqual({
      kind: "success",
      value: 3,
    });
  });

  it("When the bytes are not a message Then it throws a TProtocolException", () => {
    expect(thrown(() => decodeReply(add, Buffer.from("<html>502</html>"), "binary"))).toMatchObject({
      name: "TProtocolException",
    });
    expect(thrown(() => decodeReply(add, Buffer.from("<html>502</html>"), "json"))).toMatchObject({
      name: "TProtocolException",
      message: "Expected '[' at byte 0, found '<'",
    });
  });
});

describe("encodeReply", () => {
  it("When the error is not declared by the method Then it throws", () => {
    expect(() => encodeReply(add, 1, "binary", { kind: "declared", error: new DivideByZero("x") })).toThrow(
      "add does not declare DivideByZero",
    );
  });

  it("When the value cannot be written Then it throws instead of returning part of a reply", () => {
    expect(
      thrown(() =>
        encodeReply(divide, 1, "binary", {
          kind: "declared",
          error: Object.assign(new DivideByZero("x"), { message: undefined }),
        }),
      ),
    ).toMatchObject({
      name: "TProtocolException",
      message: "Required field message is unset",
    });
  });
});
