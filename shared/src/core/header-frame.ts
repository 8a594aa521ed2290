// Apache's THeader protocol over HTTP: a frame around a binary or compact message, which
// Apache's C++, Go, Java and Python clients send for `--protocol=header` (and `multih`,
// multiplexed), with `Content-Type: application/x-thrift` as for the others. A service
// reads the message inside and answers it in a frame of the same kind, as Apache's own
// THeader servers do; Apache's Node server answers such a body with nothing at all.
//
//   0  4 bytes   frame size: the bytes after these four
//   4  0x0FFF    magic, where a strict binary message has its version and compact 0x82
//   6  2 bytes   flags                     repeated in the reply
//   8  4 bytes   sequence id               the reply's: its message's, as Apache's C++,
//                                          Go and Python THeader writers set it
//  12  2 bytes   header size, in 4-byte words
//  14  header    varint protocol id (0 binary, 2 compact), varint transform count,
//                transform ids, info headers (key-value pairs), zero padding
//      payload   the message
//
// Transforms (zlib, …) are refused: HTTP's Content-Encoding compresses, within the body
// limits an adapter enforces, and Apache's Node THeader refuses them too. Info headers are
// skipped: HTTP headers carry what they would. Format: Apache's doc/specs/HeaderFormatSpec.md.
import type { CallReport, ThriftHttpRequest, ThriftHttpResponse } from "./http";
import { httpError } from "./http-error";
import { readMessageName } from "./message-name";
import { apacheContentType, contentTypes, protocolFromContentType, type ProtocolName } from "./protocols";
import { ReplacedBody } from "./replaced-body";

const headerMagic = 0x0fff;
const fixedBytes = 14;
const protocolIds: Readonly<Record<number, ProtocolName>> = { 0: "binary", 2: "compact" };
const idOf: Readonly<Record<string, number>> = { binary: 0, compact: 2 };

/** The media type of a framed reply: what Apache's servers answer, whatever the protocol. */
export const headerFrameContentType = apacheContentType;

/** The fields of a frame's head besides its size and header: the request's, or its reply's. */
interface FrameHead {
  readonly flags: number;
  readonly seqid: number;
}

/**
 * Whether `body` is a THeader frame. Bytes 4 and 5 hold the magic: in a binary message
 * they are the version's low half or a name's length, in compact the name, in JSON text.
 */
export function isHeaderFrame(body: Uint8Array): boolean {
  return body.length >= fixedBytes && body[4] === 0x0f && body[5] === 0xff && (body[0] as number) < 0x80;
}

/** The frame's message and what the reply repeats, or why it cannot be read. */
export function readHeaderFrame(
  body: Buffer,
): { protocol: ProtocolName; message: Buffer; head: FrameHead } | { error: string } {
  if (!isHeaderFrame(body)) return { error: "it is not a THeader frame" };
  const size = body.readUInt32BE(0);
  if (size !== body.length - 4) {
    return { error: `its THeader frame size is ${size}, but ${body.length - 4} bytes follow it` };
  }
  const end = fixedBytes + body.readUInt16BE(12) * 4;
  if (end > body.length) return { error: "its THeader header is larger than the frame" };
  let at = fixedBytes;
  // A varint of the header, or -1 past its end or its 5 bytes.
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; at < end && shift < 35; shift += 7) {
      const byte = body[at++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return -1;
  };
  const protocol = protocolIds[varint()];
  if (protocol === undefined) return { error: "its THeader protocol is not binary (0) or compact (2)" };
  if (varint() !== 0) return { error: "THeader transforms are not supported: use Content-Encoding" };
  return { protocol, message: body.subarray(end), head: { flags: body.readUInt16BE(6), seqid: body.readInt32BE(8) } };
}

/** `message` in a THeader frame with `head`'s flags and sequence id, without transforms or info headers. */
export function writeHeaderFrame(head: FrameHead, protocol: ProtocolName, message: Uint8Array): Buffer {
  // The protocol id and a transform count of 0, padded to one 4-byte word.
  const frame = Buffer.allocUnsafe(fixedBytes + 4 + message.length);
  frame.writeUInt32BE(frame.length - 4, 0);
  frame.writeUInt16BE(headerMagic, 4);
  frame.writeUInt16BE(head.flags, 6);
  frame.writeInt32BE(head.seqid, 8);
  frame.writeUInt16BE(1, 12);
  frame.writeUInt32BE(((idOf[protocol] as number) << 24) >>> 0, 14);
  frame.set(message, fixedBytes + 4);
  return frame;
}

/**
 * Answers a request whose body is a THeader frame sent as a generic type: `handle` answers
 * the message inside, sent on as its protocol's own type, and a Thrift reply is framed as
 * the request was. Undefined for any other request, which costs two byte comparisons.
 */
export function answerHeaderFrame(
  request: ThriftHttpRequest,
  refused: CallReport,
  handle: (inner: ThriftHttpRequest) => Promise<ThriftHttpResponse>,
): Promise<ThriftHttpResponse> | undefined {
  if (!isHeaderFrame(request.body) || protocolFromContentType(request.contentType) !== "sniff") return undefined;
  const frame = readHeaderFrame(request.body);
  if ("error" in frame) {
    return Promise.resolve(httpError("bad_request", `Undecodable Thrift message: ${frame.error}`, refused));
  }
  const { protocol, message, head } = frame;
  return handle(new ReplacedBody(request, message, contentTypes[protocol])).then((response) => {
    // HTTP-level refusals stay JSON; an accepted oneway call's reply stays empty.
    if (response.headers["content-type"] !== contentTypes[protocol] || response.body.length === 0) return response;
    const seqid = readMessageName(response.body, protocol)?.seqid ?? head.seqid;
    return {
      ...response,
      headers: { ...response.headers, "content-type": headerFrameContentType },
      body: writeHeaderFrame({ flags: head.flags, seqid }, protocol, response.body),
    };
  });
}
