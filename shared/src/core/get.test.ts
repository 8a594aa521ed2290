// Calls sent as GET: the whole call encoded in the URL's query (m, and p for the protocol),
// only for methods without side effects, and the query decoded back to the call's bytes.
import { Calc, methods } from "./__fixtures__/calc";
import { decodeGetQuery, encodeGetPath } from "./get";
import { decodeCall, encodeCall } from "./message";

const { add, divide } = methods;

describe("encodeGetPath", () => {
  it("puts the whole binary CALL with seqid 0 in m, without p", () => {
    const message = encodeCall(add, [1, 2], 0, "binary").toString("base64url");
    expect(encodeGetPath("/calc", add, [1, 2])).toBe(`/calc/add?m=${message}`);
    expect(message).toBe("gAEAAQAAAANhZGQAAAAACAABAAAAAQgAAgAAAAIA");
  });

  it("When the protocol is not binary Then p comes first", () => {
    expect(encodeGetPath("/calc", add, [1, 2], "compact")).toBe(
      `/calc/add?p=compact&m=${encodeCall(add, [1, 2], 0, "compact").toString("base64url")}`,
    );
  });

  it("When the method may have side effects Then it throws", () => {
    expect(() => encodeGetPath("/calc", divide, [1, 2])).toThrow(
      "divide may have side effects: it cannot be called with GET",
    );
  });
});

describe("decodeGetQuery", () => {
  it.each(["binary", "compact", "json"] as const)("reads back the %s call of encodeGetPath", (protocol) => {
    const query = encodeGetPath("/calc", add, [1, 2], protocol).split("?")[1]!;
    const decoded = decodeGetQuery(query);
    expect(decoded).toEqual({ protocol, bytes: encodeCall(add, [1, 2], 0, protocol) });
    expect("bytes" in decoded && decodeCall(Calc, decoded.bytes, protocol)).toEqual({
      kind: "call",
      method: add,
      seqid: 0,
      args: [1, 2],
    });
  });

  it("accepts padding and other parameters", () => {
    expect(decodeGetQuery("cb=1&m=AQI%3D")).toEqual({ protocol: "binary", bytes: Buffer.from([1, 2]) });
  });

  it.each([
    ["", "Expected exactly one m parameter: the base64url-encoded call"],
    ["m=AQI&m=AQI", "Expected exactly one m parameter: the base64url-encoded call"],
    ["m=AQI&p=json&p=json", "Expected at most one p parameter"],
    ["m=AQI&p=xml", 'Unknown protocol "xml": expected binary, compact or json'],
    ["m=", "Parameter m is not base64url"],
    ["m=AQ+I", "Parameter m is not base64url"],
    ["m=AQ/I", "Parameter m is not base64url"],
    ["m=AQJ", "Parameter m is not base64url"],
  ])("When the query is %j Then the error is %j", (query, error) => {
    expect(decodeGetQuery(query)).toEqual({ error });
  });
});
