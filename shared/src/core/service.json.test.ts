// JSON calls the service refuses, answered as any undecodable message is: 400 while
// the message header cannot be read, a PROTOCOL_ERROR TApplicationException once it
// has been; and JSON replies that stay JSON whatever the strings hold.
import { Thrift } from "thrift";
import { Calc } from "./__fixtures__/calc";
import { createCalcHandler } from "./__fixtures__/calc-handler";
import type { ThriftHttpResponse } from "./http";
import { contentTypes } from "./protocols";
import { createThriftService } from "./service";

const { TApplicationExceptionType: App } = Thrift;
const json = contentTypes.json;

async function post(body: string | Buffer): Promise<ThriftHttpResponse> {
  const service = createThriftService(Calc, createCalcHandler());
  const response = await service.handle({
    method: "POST",
    path: "",
    query: "",
    contentType: json,
    body: Buffer.from(body),
    requestId: "req-1",
    identity: undefined,
    headers: {},
  });
  // The error is for the log; the rest is what the caller gets.
  return { ...response, call: { ...response.call, error: undefined } };
}

/** The whole answer to a call refused after its header, the reply read with JSON.parse. */
function protocolError(method: string, message: string) {
  return {
    status: 200,
    headers: { "content-type": json, "cache-control": "no-store" },
    body: [1, method, Thrift.MessageType.EXCEPTION, 5, { 1: { str: message }, 2: { i32: App.PROTOCOL_ERROR } }],
    call: { service: "Calc", method, outcome: "bad_request", error: undefined },
  };
}

const parsed = (response: ThriftHttpResponse) => ({
  ...response,
  body: JSON.parse(response.body.toString()) as unknown,
});

describe("a JSON call", () => {
  it.each([
    ['"abc" as an i32', '{"1":{"i32":"abc"},"2":{"i32":1}}', "Expected an i32 at byte 25, found '\"'"],
    ['"7" as an i32', '{"1":{"i32":"7"},"2":{"i32":1}}', "Expected an i32 at byte 25, found '\"'"],
    ["1.9 as an i32", '{"1":{"i32":1.9},"2":{"i32":1}}', "Expected an i32, found 1.9"],
    ["2^31 as an i32", '{"1":{"i32":2147483648},"2":{"i32":1}}', "an i32 out of range: 2147483648"],
    ["a string for a list", '{"1":{"i32":1},"2":{"lst":"x"}}', "Expected '[' at byte 39, found '\"'"],
    ["bytes after the message", '{"1":{"i32":1},"2":{"i32":2}}] x', "Unexpected bytes after the message at byte 44"],
  ])("When it sends %s Then it gets PROTOCOL_ERROR, saying where", async (_case, args, message) => {
    const response = await post(`[1,"add",1,5,${args}]`);
    expect(parsed(response)).toEqual(protocolError("add", message));
  });

  it("When a string holds raw control characters, as Apache's Node and Python writers send them, Then they are read as sent and answered escaped", async () => {
    const response = await post(Buffer.from('[1,"shout",1,5,{"1":{"lst":["str",1,"a\u0000\u0001\u001f"]}}]'));
    expect(parsed(response)).toEqual({
      status: 200,
      headers: { "content-type": json, "cache-control": "public, max-age=60" },
      body: [1, "shout", 2, 5, { 0: { lst: ["str", 1, "A\u0000\u0001\u001f"] } }],
      call: { service: "Calc", method: "shout", outcome: "ok", error: undefined },
    });
    expect(response.body.toString()).toContain(String.raw`"A\u0000\u0001\u001f"`);
  });

  it.each([
    ["a version other than 1", '[2,"add",1,5,{}]', "Unsupported TJSON version 2"],
    ["a quoted seqid", '[1,"add",1,"5",{}]', "Expected a sequence id at byte 11, found '\"'"],
    [
      "a name that is not valid UTF-8",
      Buffer.from([0x5b, 0x31, 0x2c, 0x22, 0xff, 0x22]),
      "Invalid UTF-8 in the string at byte 4",
    ],
  ])("When the header has %s Then 400", async (_case, body, message) => {
    const response = await post(body);
    expect(parsed(response)).toEqual({
      status: 400,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
      body: { code: "bad_request", message: `Undecodable Thrift message: ${message}` },
      call: { service: "Calc", method: undefined, outcome: "bad_request", error: undefined },
    });
  });

  it("When the strings hold NUL, control characters and lone surrogates Then the reply is JSON all the same", async () => {
    const words = String.raw`["a\u0000b","\u0001\u001f","x\ud83d\ude00","\n\t\"\\"]`;
    const response = await post(`[1,"shout",1,5,{"1":{"lst":["str",4,${words.slice(1)}}}]`);
    expect(parsed(response)).toEqual({
      status: 200,
      headers: { "content-type": json, "cache-control": "public, max-age=60" },
      body: [1, "shout", 2, 5, { 0: { lst: ["str", 4, "A\u0000B", "\u0001\u001f", "X\u{1f600}", '\n\t"\\'] } }],
      call: { service: "Calc", method: "shout", outcome: "ok", error: undefined },
    });
  });
});
