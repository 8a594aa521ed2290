// The code generated from echo.thrift, through the runtime's message encoding.
import {
  createWriter,
  decodeCall,
  decodeReply,
  encodeCall,
  encodeReply,
  type ProtocolName,
} from "@starter/shared/core";
import { Echo, EchoReqCodec } from "./echo";

const protocols: ProtocolName[] = ["binary", "compact", "json"];
const hex = (text: string) => Buffer.from(text.replace(/\s/g, ""), "hex");
const { echo } = Echo.methods;

describe("Echo.echo", () => {
  it.each(protocols)("a call and its reply read back over %s", (protocol) => {
    const call = encodeCall(echo!, [{ msg: "héllo" }], 7, protocol);
    const reply = encodeReply(echo!, 7, protocol, { kind: "success", value: { msg: "héllo" } });

    expect(decodeCall(Echo, call, protocol)).toEqual({
      kind: "call",
      method: echo,
      seqid: 7,
      args: [{ msg: "héllo" }],
    });
    expect(decodeReply(echo!, reply, protocol)).toEqual({ kind: "success", value: { msg: "héllo" } });
  });

  it("When msg is not set Then it stays absent", () => {
    const reply = encodeReply(echo!, 1, "compact", { kind: "success", value: {} });

    expect(decodeReply(echo!, reply, "compact")).toEqual({ kind: "success", value: {} });
  });

  it("is retried by clients and answered within a second", () => {
    expect(echo!.policy).toEqual({ idempotency: "idempotent", cacheMaxAge: 0, cacheShared: false, timeoutMs: 1000 });
  });
});

describe("the bytes any Thrift implementation sends", () => {
  it('EchoReq{msg: "hi"} in binary: a STRING field 1, length 2, then STOP', () => {
    const writer = createWriter("binary");
    EchoReqCodec.write(writer.protocol, { msg: "hi" });

    expect(writer.toBuffer()).toEqual(hex("0b 0001 00000002 6869 00"));
  });

  it("a whole echo call in strict binary: header, then the args struct with req as field 1", () => {
    expect(encodeCall(echo!, [{ msg: "hi" }], 1, "binary")).toEqual(
      hex("80010001 00000004 6563686f 00000001  0c 0001  0b 0001 00000002 6869 00  00"),
    );
  });

  it("decodes a call written by another implementation, skipping a field it does not know", () => {
    const bytes = hex("80010001 00000004 6563686f 00000009  0c 0001  08 0063 0000002a  0b 0001 00000002 6869 00  00");

    expect(decodeCall(Echo, bytes, "binary")).toEqual({ kind: "call", method: echo, seqid: 9, args: [{ msg: "hi" }] });
  });
});
