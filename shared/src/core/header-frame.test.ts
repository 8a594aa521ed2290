// THeader frames over HTTP (header-frame.ts): calls framed by Apache's own Node
// THeaderTransport are answered in frames its reader takes, plain and multiplexed, and
// every frame that cannot be read is a JSON 400, never a crash.
import fc from "fast-check";
import { TBinaryProtocol, TCompactProtocol, Thrift } from "thrift";
import { Calc, methods } from "./__fixtures__/calc";
import { createCalcHandler } from "./__fixtures__/calc-handler";
import { headerFrameContentType, isHeaderFrame, readHeaderFrame } from "./header-frame";
import type { ThriftHttpRequest, ThriftHttpResponse } from "./http";
import { decodeReply, encodeCall } from "./message";
import { readMessageName } from "./message-name";
import { createMultiplexedService } from "./multiplexed";
import { createThriftService } from "./service";

/** Apache's THeader half of its transports, which thrift.d.ts leaves out. */
interface HeaderTransport {
  setProtocolId(id: number): void;
  setSeqId(seqid: number): void;
  setWriteHeader(key: string, value: string): void;
  write(bytes: Buffer): void;
  writeHeaders(): void;
  flush(): void;
  readHeaders(): void;
  getProtocolId(): number;
  getSeqId(): number;
  inBuf: Buffer;
  writeCursor: number;
}
const { TBufferedTransport } = require("thrift") as {
  TBufferedTransport: new (buffer: undefined, onFlush: (bytes: Buffer) => void) => HeaderTransport;
};

type Framed = "binary" | "compact";
const { add, record } = methods;
const subprotocol = { binary: 0, compact: 2 } as const;
const protocolClass = { binary: TBinaryProtocol, compact: TCompactProtocol };

function request(body: Buffer, contentType = "application/x-thrift"): ThriftHttpRequest {
  return { method: "POST", path: "", query: "", contentType, body, requestId: "r", identity: undefined, headers: {} };
}

/** `message` framed by Apache's THeaderTransport, as its clients send it, with info headers. */
function apacheFrame(message: Buffer, protocol: Framed, seqid: number, info: Record<string, string> = {}): Buffer {
  let framed: Buffer = Buffer.alloc(0);
  const transport = new TBufferedTransport(undefined, (bytes) => {
    framed = bytes;
  });
  transport.setProtocolId(subprotocol[protocol]);
  transport.setSeqId(seqid);
  for (const [key, value] of Object.entries(info)) transport.setWriteHeader(key, value);
  transport.write(message);
  transport.writeHeaders();
  transport.flush();
  return framed;
}

/** Apache's THeaderTransport reading a framed reply: the frame's fields and the message after it. */
function apacheRead(body: Buffer, protocol: Framed) {
  const transport = new TBufferedTransport(undefined, () => {});
  transport.inBuf = body;
  transport.writeCursor = body.length;
  transport.readHeaders();
  const reader = new protocolClass[protocol](transport as never);
  const { fname, mtype, rseqid } = reader.readMessageBegin();
  return { protocolId: transport.getProtocolId(), seqid: transport.getSeqId(), fname, mtype, rseqid };
}

const calc = () => createThriftService(Calc, createCalcHandler());

describe("a call in a THeader frame", () => {
  test.each(["binary", "compact"] as const)(
    "When Apache's THeaderTransport frames a %s call Then the reply comes back in a frame its reader takes",
    async (protocol) => {
      const call = encodeCall(add, [2, 3], 41, protocol);
      const response = await calc().handle(request(apacheFrame(call, protocol, 9, { "client-id": "py" })));

      expect({ status: response.status, type: response.headers["content-type"] }).toEqual({
        status: 200,
        type: headerFrameContentType,
      });
      // The frame's sequence id is its message's, as Apache's THeader writers set it (the
      // request's frame said 9).
      expect(apacheRead(response.body, protocol)).toEqual({
        protocolId: subprotocol[protocol],
        seqid: 41,
        fname: "add",
        mtype: Thrift.MessageType.REPLY,
        rseqid: 41,
      });
      // The message inside is the reply the same call gets unframed.
      const plain = await calc().handle(request(call));
      expect(response.body.subarray(18)).toEqual(plain.body);
      expect(decodeReply(add, plain.body, protocol)).toMatchObject({ value: 5 });
    },
  );

  test("When the frame carries flags Then the reply carries the same", async () => {
    const framed = apacheFrame(encodeCall(add, [1, 1], 1, "binary"), "binary", 1);
    framed.writeUInt16BE(0x0001, 6);
    const response = await calc().handle(request(framed));
    expect(response.body.readUInt16BE(6)).toBe(0x0001);
  });

  test("When a multiplexed call comes framed Then the service it names answers, framed", async () => {
    const both = createMultiplexedService({ Calc: calc() });
    const call = encodeCall({ ...add, name: "Calc:add" }, [20, 22], 3, "compact");
    const response = await both.handle(request(apacheFrame(call, "compact", 3)));
    expect(apacheRead(response.body, "compact")).toMatchObject({ fname: "add", rseqid: 3 });
  });

  test("When a oneway call comes framed Then it is accepted with the same empty 200 as unframed", async () => {
    const call = encodeCall(record, ["x"], 1, "binary");
    const response = await calc().handle(request(apacheFrame(call, "binary", 1)));
    expect({ status: response.status, body: response.body.length }).toEqual({ status: 200, body: 0 });
  });

  test("When the Content-Type names a protocol Then a frame is not looked for: it is that protocol's", async () => {
    const framed = apacheFrame(encodeCall(add, [1, 1], 1, "binary"), "binary", 1);
    const response = await calc().handle(request(framed, "application/vnd.apache.thrift.binary"));
    expect(response.status).toBe(400);
  });
});

describe("a THeader frame that cannot be read", () => {
  const framed = () => apacheFrame(encodeCall(add, [1, 1], 1, "binary"), "binary", 1);
  const refusal = (message: string) => ({
    status: 400,
    body: JSON.stringify({ code: "bad_request", message: `Undecodable Thrift message: ${message}` }),
  });
  const answer = async (body: Buffer) => {
    const response: ThriftHttpResponse = await calc().handle(request(body));
    return { status: response.status, body: response.body.toString() };
  };

  test.each([
    [
      "a frame size that is not the body's",
      (f: Buffer) => f.writeUInt32BE(f.length, 0),
      "its THeader frame size is 48, but 44 bytes follow it",
    ],
    [
      "a header larger than the frame",
      (f: Buffer) => f.writeUInt16BE(100, 12),
      "its THeader header is larger than the frame",
    ],
    [
      "the JSON protocol's id",
      (f: Buffer) => f.writeUInt8(1, 14),
      "its THeader protocol is not binary (0) or compact (2)",
    ],
    [
      "a zlib transform",
      (f: Buffer) => f.writeUInt8(1, 15),
      "THeader transforms are not supported: use Content-Encoding",
    ],
  ])("When it has %s Then 400 in JSON, saying so", async (_, spoil, message) => {
    const body = framed();
    spoil(body);
    expect(await answer(body)).toEqual(refusal(message));
  });

  test("When readHeaderFrame is given what is not a frame Then it says so, as a value", () => {
    expect([Buffer.alloc(0), Buffer.from('[1,"add",1,1,{}]')].map(readHeaderFrame)).toEqual([
      { error: "it is not a THeader frame" },
      { error: "it is not a THeader frame" },
    ]);
  });

  test("When the header's protocol id runs past the header Then 400", async () => {
    const body = framed();
    body.writeUInt16BE(0, 12);
    expect(await answer(body)).toEqual(refusal("its THeader protocol is not binary (0) or compact (2)"));
  });

  test("When a well-formed frame holds any message, or a call with bytes changed, Then a framed reply or a JSON 400, from a service or a multiplexed one", async () => {
    const services = { plain: calc(), multiplexed: createMultiplexedService({ Calc: calc() }) };
    // A call in both protocols, under its own name and the multiplexed one.
    const calls = (["binary", "compact"] as const).flatMap((protocol) =>
      ["add", "Calc:add"].map((name) => encodeCall({ ...add, name }, [7, 8], 5, protocol)),
    );
    const changedCall = fc
      .tuple(
        fc.constantFrom(...calls),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      )
      .map(([call, edits]) => {
        const changed = Buffer.from(call);
        for (const [at, byte] of edits) changed[at % changed.length] = byte;
        return changed;
      });
    const message = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
      changedCall,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1, 2, 3),
        message,
        fc.constantFrom("plain", "multiplexed" as const),
        async (protocolId, inner, which) => {
          const framed = apacheFrame(inner, "compact", 1);
          framed[14] = protocolId;
          const response = await services[which].handle(request(framed));
          // An empty 200 would be a oneway call accepted, which a mutation could make of the call.
          if (response.status === 200 && response.body.length > 0) {
            expect(response.headers["content-type"]).toBe(headerFrameContentType);
            const reply = readHeaderFrame(response.body);
            if ("error" in reply) throw new Error(reply.error);
            // The frame's sequence id is its reply message's.
            const seqid = readMessageName(reply.message, reply.protocol)?.seqid;
            expect(reply.head).toEqual({ flags: 0, seqid });
          } else if (response.status !== 200) {
            expect(response.status).toBe(400);
            expect(response.headers["content-type"]).toBe("application/json");
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  test("When any bytes follow the magic Then the answer is a reply or a JSON 400, never a throw", async () => {
    const service = calc();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 14, maxLength: 80 }), async (bytes) => {
        const body = Buffer.from(bytes);
        body[0] = body[0]! & 0x7f;
        body[4] = 0x0f;
        body[5] = 0xff;
        expect(isHeaderFrame(body)).toBe(true);
        const response = await service.handle(request(body));
        expect([200, 400]).toContain(response.status);
      }),
      { numRuns: 500 },
    );
  });
});
