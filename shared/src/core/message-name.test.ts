// Reading and renaming a message's name without decoding it, in every protocol, as the
// multiplexed service does.
import fc from "fast-check";
import { Thrift } from "thrift";
import { Calc, methods } from "./__fixtures__/calc";
import type { MethodDefinition } from "./definition";
import { decodeCall, encodeCall } from "./message";
import { readMessageName } from "./message-name";
import type { ProtocolName } from "./protocols";

const protocols: ProtocolName[] = ["binary", "compact", "json"];
const hex = (text: string) => Buffer.from(text.replace(/\s/g, ""), "hex");
const named = (name: string): MethodDefinition => ({ ...methods.shout, name });
const call = (name: string, seqid: number, protocol: ProtocolName) =>
  encodeCall(named(name), [["a", "b"]], seqid, protocol);

// Any well-formed name: quotes, backslashes and control characters escaped in JSON.
const anyName = fc.string({ maxLength: 40, unit: "grapheme" });
const seqid = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

describe("readMessageName", () => {
  it.each(protocols)("When a %s call is read Then its name and seqid come back", (protocol) => {
    fc.assert(
      fc.property(anyName, seqid, (name, id) => {
        expect(readMessageName(call(name, id, protocol), protocol)).toMatchObject({ name, seqid: id });
      }),
    );
  });

  it.each(protocols)(
    "When a %s call is renamed Then its bytes are those of the call written under the new name",
    (protocol) => {
      fc.assert(
        fc.property(anyName, anyName, seqid, (from, to, id) => {
          expect(readMessageName(call(from, id, protocol), protocol)!.rename(to)).toEqual(call(to, id, protocol));
        }),
      );
    },
  );

  it.each(protocols)(
    "When a %s call is renamed Then it decodes as a call of the new name, arguments intact",
    (protocol) => {
      fc.assert(
        fc.property(anyName, seqid, (from, id) => {
          const renamed = readMessageName(call(`Calc:${from}`, id, protocol), protocol)!.rename("shout");
          // Apache's compact reader gives the seqid as an unsigned 32-bit number.
          const decoded = protocol === "compact" ? id >>> 0 : id;
          expect(decodeCall(Calc, renamed, protocol)).toEqual({
            kind: "call",
            method: methods.shout,
            seqid: decoded,
            args: [["a", "b"]],
          });
        }),
      );
    },
  );

  it("When a binary call is in the old non-strict layout Then it is read and renamed in that layout", () => {
    // length, name "S:add", type CALL, seqid 7, then the args struct (empty).
    const message = hex("00000005 533a616464 01 00000007 00");
    expect(readMessageName(message, "binary")).toMatchObject({ name: "S:add", seqid: 7 });
    expect(readMessageName(message, "binary")!.rename("add")).toEqual(hex("00000003 616464 01 00000007 00"));
  });

  it("When a JSON call has blanks and escapes in its header Then the name is unescaped, and renaming keeps the rest", () => {
    const message = Buffer.from(' [ 1 , "Calc\\u003ash\\"out" , 1 , -3 , {}]');
    expect(readMessageName(message, "json")).toMatchObject({ name: 'Calc:sh"out', seqid: -3 });
    expect(readMessageName(message, "json")!.rename('a"b').toString()).toBe(' [ 1 , "a\\"b" , 1 , -3 , {}]');
  });

  it("When a compact call's seqid has the top bit set Then it reads as the negative i32 Apache writes", () => {
    expect(readMessageName(call("m", -1, "compact"), "compact")).toMatchObject({ seqid: -1 });
  });

  it.each(protocols)("When a %s header is cut short Then there is no name", (protocol) => {
    const whole = call("Calc:shout", 300, protocol);
    // "Calc:shout" is 10 bytes. Binary: version, length, name, seqid. Compact: id,
    // version and type, seqid 300 (2 bytes), length, name. JSON: up to the comma before
    // the arguments' `{`.
    const headerLength = { binary: 4 + 4 + 10 + 4, compact: 1 + 1 + 2 + 1 + 10, json: whole.indexOf("{") }[protocol];
    expect(readMessageName(whole.subarray(0, headerLength), protocol)).toBeDefined();
    for (let length = 0; length < headerLength; length++) {
      expect([length, readMessageName(whole.subarray(0, length), protocol)]).toEqual([length, undefined]);
    }
  });

  it.each([
    ["binary", "80010001 7fffffff 00"],
    ["binary", "80010001 ffffffff 0000"],
    ["compact", "83 21 01 01 61"],
    ["compact", "82 21 ffffffffff 01 61"],
    ["compact", "82 21 01 8080808010 61"],
    ["json", Buffer.from('[1,"a\u0001b",1,0,{}]').toString("hex")],
    ["json", Buffer.from('{1,"ab",1,0,{}]').toString("hex")],
    ["json", Buffer.from('[1,"ab",1,9007199254740993,{}]').toString("hex")],
    ["json", Buffer.from('[1,"ab" 1,0,{}]').toString("hex")],
    // What the decoder refuses too: a name that is not UTF-8 or not Unicode text, a seqid
    // out of i32 or with leading zeros.
    ["binary", "80010001 00000002 61ff 00000001"],
    ["compact", "82 21 01 02 61ff"],
    ["json", Buffer.from('[1,"a\\ud800",1,0,{}]').toString("hex")],
    ["json", Buffer.from('[1,"ab",1,2147483648,{}]').toString("hex")],
    ["json", Buffer.from('[1,"ab",1,-2147483649,{}]').toString("hex")],
    ["json", Buffer.from('[1,"ab",1,007,{}]').toString("hex")],
  ] as const)("When a %s header is malformed (%s) Then there is no name", (protocol, bytes) => {
    expect(readMessageName(hex(bytes), protocol)).toBeUndefined();
  });

  it.each(protocols)(
    "When %s bodies are random bytes Then reading never throws, and a name read can be replaced",
    (protocol) => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
          const message = readMessageName(Buffer.from(bytes), protocol);
          if (message !== undefined) expect(Buffer.isBuffer(message.rename("x"))).toBe(true);
        }),
      );
    },
  );

  it("Then the message type is left as it was (a oneway call stays oneway)", () => {
    const oneway = encodeCall({ ...methods.record, name: "Calc:record" }, ["e"], 3, "binary");
    const renamed = readMessageName(oneway, "binary")!.rename("record");
    expect(renamed.readUInt8(3)).toBe(Thrift.MessageType.ONEWAY);
    expect(decodeCall(Calc, renamed, "binary")).toMatchObject({ kind: "call", method: methods.record, args: ["e"] });
  });
});
