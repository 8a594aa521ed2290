// Which protocol a request speaks: from its content type, else from its first byte.
import fc from "fast-check";
import { encodeCall } from "./message";
import {
  acceptedContentTypes,
  contentTypes,
  protocolFromContentType,
  protocolOf,
  type ProtocolName,
} from "./protocols";
import { methods } from "./__fixtures__/calc";

describe("protocolFromContentType", () => {
  it.each([
    ["application/vnd.apache.thrift.binary", "binary"],
    ["application/vnd.apache.thrift.compact", "compact"],
    ["application/vnd.apache.thrift.json", "json"],
    ["application/x-thrift", "sniff"],
    ["application/octet-stream", "sniff"],
    ["Application/X-Thrift", "sniff"],
    ["application/vnd.apache.thrift.json; charset=utf-8", "json"],
    [" application/vnd.apache.thrift.compact ;foo=bar", "compact"],
  ])("When the type is %j Then it says %s", (header, protocol) => {
    expect(protocolFromContentType(header)).toBe(protocol);
  });

  it.each([
    undefined,
    "",
    "application/json",
    "text/plain",
    "application/x-thrift-foo",
    "application/vnd.apache.thrift.binaryx",
  ])("When the type is %j Then there is no protocol", (header) => {
    expect(protocolFromContentType(header)).toBeUndefined();
  });

  it("Then every accepted type says something and every canonical type is accepted", () => {
    expect(acceptedContentTypes.map(protocolFromContentType)).toEqual(["binary", "compact", "json", "sniff", "sniff"]);
    expect(Object.values(contentTypes).every((type) => acceptedContentTypes.includes(type))).toBe(true);
  });
});

describe("protocolOf", () => {
  const protocols: ProtocolName[] = ["binary", "compact", "json"];

  it("When the type is generic Then any call's first byte tells its protocol", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...protocols),
        fc.string(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (protocol, event, seqid) => {
          expect(protocolOf("sniff", encodeCall(methods.record, [event], seqid, protocol))).toBe(protocol);
        },
      ),
    );
  });

  it.each(protocols)("When the type says %s Then the body is not looked at", (protocol) => {
    for (const other of protocols) {
      expect(protocolOf(protocol, encodeCall(methods.record, ["e"], 1, other))).toBe(protocol);
    }
  });

  it("When a generic body is JSON after whitespace Then it is read as JSON", () => {
    const call = encodeCall(methods.record, ["e"], 1, "json");
    for (const space of [" ", "\t", "\r\n", " \n\t "]) {
      expect(protocolOf("sniff", Buffer.concat([Buffer.from(space), call]))).toBe("json");
    }
    expect([protocolOf("sniff", Buffer.from("  ")), protocolOf("sniff", Buffer.from(" {}"))]).toEqual([
      "binary",
      "binary",
    ]);
  });

  it("When a generic body is empty or starts with anything else Then it is read as binary (and fails there if it is not)", () => {
    expect([protocolOf("sniff", Buffer.alloc(0)), protocolOf("sniff", Buffer.from("{}"))]).toEqual([
      "binary",
      "binary",
    ]);
  });
});
