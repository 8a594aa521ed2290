import { acceptedContentTypes, contentTypes, protocolFromContentType } from "./protocols";

describe("protocolFromContentType", () => {
  it.each([
    ["application/vnd.apache.thrift.binary", "binary"],
    ["application/vnd.apache.thrift.compact", "compact"],
    ["application/vnd.apache.thrift.json", "json"],
    ["application/x-thrift", "binary"],
    ["application/octet-stream", "binary"],
    ["Application/X-Thrift", "binary"],
    ["application/vnd.apache.thrift.json; charset=utf-8", "json"],
    [" application/vnd.apache.thrift.compact ;foo=bar", "compact"],
  ])("When the type is %j Then the protocol is %s", (header, protocol) => {
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

  it("Then every accepted type maps to a protocol and every canonical type is accepted", () => {
    expect(acceptedContentTypes.map(protocolFromContentType)).toEqual([
      "binary",
      "compact",
      "json",
      "binary",
      "binary",
    ]);
    expect(Object.values(contentTypes).every((type) => acceptedContentTypes.includes(type))).toBe(true);
  });
});
