// Thrift messages as bytes: a call and its reply, for both the client and the server.
// Every function encodes into a fresh buffer and decodes through a bounded reader.
import { InputBufferUnderrunError, Thrift, type TProtocol } from "thrift";
import { createReader } from "./reader";
import type { ExceptionDefinition, MethodDefinition, ServiceDefinition } from "./definition";
import type { DecodeLimits } from "./limits";
import { multiplexSeparator } from "./message-name";
import type { ProtocolName } from "./protocols";
import { createWriter } from "./writer";
import { quoted } from "./quote";

const { MessageType, TApplicationExceptionType, TProtocolException, TProtocolExceptionType, Type } = Thrift;

/** What a reply says: the value, a declared IDL exception, or a `TApplicationException`. */
export type ReplyOutcome =
  | { kind: "success"; value: unknown }
  | { kind: "declared"; error: Error }
  | { kind: "application"; type: Thrift.TApplicationExceptionType; message: string };

/** The part of a reply a handler produces: its value or the declared exception it threw. */
export type HandlerResult = Exclude<ReplyOutcome, { kind: "application" }>;

/** A call as the server reads it. */
export type DecodedCall =
  | {
      kind: "call";
      method: MethodDefinition;
      seqid: number;
      /** The arguments in `argNames` order. */
      args: unknown[];
    }
  | {
      /** The header was read but the call cannot be made: answered with a `TApplicationException`. */
      kind: "rejected";
      name: string;
      seqid: number;
      type: Thrift.TApplicationExceptionType;
      message: string;
    };

/** Encodes a call: `args` in `argNames` order become the args struct. */
export function encodeCall(
  method: MethodDefinition,
  args: readonly unknown[],
  seqid: number,
  protocol: ProtocolName,
): Buffer {
  const writer = createWriter(protocol);
  const output = writer.protocol;
  output.writeMessageBegin(method.name, method.oneway ? MessageType.ONEWAY : MessageType.CALL, seqid);
  const struct: Record<string, unknown> = {};
  for (let i = 0; i < method.argNames.length; i++) struct[method.argNames[i]!] = args[i];
  method.args.write(output, struct);
  output.writeMessageEnd();
  return writer.toBuffer();
}

/**
 * The method a message names: `method`, or `Service:method` with this service's own name,
 * as a stock client's TMultiplexedProtocol writes it, which Apache's TMultiplexedProcessor
 * takes when the service is registered under its IDL name. The reply names the method
 * alone, as that processor's does, and as such clients check.
 */
function methodNamed(service: ServiceDefinition, name: string): MethodDefinition | undefined {
  if (Object.hasOwn(service.methods, name)) return service.methods[name];
  const prefix = `${service.name}${multiplexSeparator}`;
  if (!name.startsWith(prefix)) return undefined;
  const bare = name.slice(prefix.length);
  return Object.hasOwn(service.methods, bare) ? service.methods[bare] : undefined;
}

/** Whether `bytes` is a message its sender marked ONEWAY (false when its header cannot be read). */
export function sentAsOneway(bytes: Buffer, protocol: ProtocolName): boolean {
  try {
    return createReader(protocol, bytes).readMessageBegin().mtype === MessageType.ONEWAY;
  } catch {
    return false;
  }
}

/**
 * Decodes a call to one of `service`'s methods. Throws a `Thrift.TProtocolException`
 * when not even the message header can be read; once it is, every problem is
 * returned as a `rejected` call, to be answered with a `TApplicationException`.
 */
export function decodeCall(
  service: ServiceDefinition,
  bytes: Buffer,
  protocol: ProtocolName,
  limits?: Partial<DecodeLimits>,
): DecodedCall {
  const input = createReader(protocol, bytes, limits);
  let header;
  try {
    header = input.readMessageBegin();
  } catch (error) {
    throw asProtocolException(error);
  }
  const { fname: name, mtype, rseqid: seqid } = header;
  // A oneway method called as CALL (as older clients do) is still run as oneway.
  if (mtype !== MessageType.CALL && mtype !== MessageType.ONEWAY) {
    return {
      kind: "rejected",
      name,
      seqid,
      type: TApplicationExceptionType.INVALID_MESSAGE_TYPE,
      message: `Expected a call, got message type ${mtype}`,
    };
  }
  const method = methodNamed(service, name);
  if (method === undefined) {
    return {
      kind: "rejected",
      name,
      seqid,
      type: TApplicationExceptionType.UNKNOWN_METHOD,
      message: `Unknown method ${quoted(name)}`,
    };
  }
  let struct;
  try {
    struct = method.args.read(input);
    input.readMessageEnd();
  } catch (error) {
    return {
      kind: "rejected",
      name: method.name,
      seqid,
      type: TApplicationExceptionType.PROTOCOL_ERROR,
      message: asProtocolException(error).message,
    };
  }
  const args = new Array<unknown>(method.argNames.length);
  for (let i = 0; i < args.length; i++) args[i] = struct[method.argNames[i]!];
  return { kind: "call", method, seqid, args };
}

/** Encodes the reply to a call: the handler's value, or the declared exception it threw. */
export function encodeReply(
  method: MethodDefinition,
  seqid: number,
  protocol: ProtocolName,
  result: HandlerResult,
): Buffer {
  let struct: Record<string, unknown>;
  if (result.kind === "success") {
    struct = method.returnsValue ? { success: result.value } : {};
  } else {
    const declared = declaredException(method, result.error);
    if (declared === undefined) throw new TypeError(`${method.name} does not declare ${result.error.name}`);
    struct = { [declared.name]: result.error };
  }
  const writer = createWriter(protocol);
  const output = writer.protocol;
  output.writeMessageBegin(method.name, MessageType.REPLY, seqid);
  method.result.write(output, struct);
  output.writeMessageEnd();
  return writer.toBuffer();
}

/** Encodes a `TApplicationException` reply. */
export function encodeApplicationException(
  name: string,
  seqid: number,
  type: Thrift.TApplicationExceptionType,
  message: string,
  protocol: ProtocolName,
): Buffer {
  const writer = createWriter(protocol);
  const output = writer.protocol;
  output.writeMessageBegin(name, MessageType.EXCEPTION, seqid);
  // Written by hand: Apache 0.24's TApplicationException.write omits the type.
  output.writeStructBegin("TApplicationException");
  output.writeFieldBegin("message", Type.STRING, 1);
  output.writeString(message);
  output.writeFieldEnd();
  output.writeFieldBegin("type", Type.I32, 2);
  output.writeI32(type);
  output.writeFieldEnd();
  output.writeFieldStop();
  output.writeStructEnd();
  output.writeMessageEnd();
  return writer.toBuffer();
}

/**
 * Decodes the reply to a call of `method`. Throws a `Thrift.TProtocolException` for
 * bytes that are not the reply to that call: undecodable, neither a reply nor an
 * exception, naming another method, or, when `seqid` is given, carrying another seqid.
 */
export function decodeReply(
  method: MethodDefinition,
  bytes: Buffer,
  protocol: ProtocolName,
  limits?: Partial<DecodeLimits>,
  seqid?: number,
): ReplyOutcome {
  try {
    return readReplyMessage(method, createReader(protocol, bytes, limits), seqid);
  } catch (error) {
    throw asProtocolException(error);
  }
}

function readReplyMessage(method: MethodDefinition, input: TProtocol, seqid: number | undefined): ReplyOutcome {
  const { fname, mtype, rseqid } = input.readMessageBegin();
  // Answers that do not match the call are protocol violations, not the server's
  // TApplicationException: nothing says the server ran this call.
  if (mtype !== MessageType.REPLY && mtype !== MessageType.EXCEPTION) {
    throw new TProtocolException(TProtocolExceptionType.INVALID_DATA, `Expected a reply, got message type ${mtype}`);
  }
  if (fname !== method.name) {
    throw new TProtocolException(
      TProtocolExceptionType.INVALID_DATA,
      `Expected a reply to ${method.name}, got ${fname}`,
    );
  }
  if (seqid !== undefined && rseqid !== seqid) {
    throw new TProtocolException(
      TProtocolExceptionType.INVALID_DATA,
      `Expected a reply with seqid ${seqid}, got ${rseqid}`,
    );
  }
  if (mtype === MessageType.EXCEPTION) {
    const exception = new Thrift.TApplicationException();
    exception.read(input);
    input.readMessageEnd();
    return { kind: "application", type: exception.type, message: exception.message ?? "" };
  }
  const result = method.result.read(input);
  input.readMessageEnd();
  for (const exception of method.exceptions) {
    const error = result[exception.name];
    if (error !== undefined && error !== null) return { kind: "declared", error: error as Error };
  }
  if (!method.returnsValue) return { kind: "success", value: undefined };
  if (result.success !== undefined && result.success !== null) return { kind: "success", value: result.success };
  return {
    kind: "application",
    type: TApplicationExceptionType.MISSING_RESULT,
    message: `${method.name} failed: unknown result`,
  };
}

/** The declared exception of `method` that `error` is an instance of. */
export function declaredException(method: MethodDefinition, error: unknown): ExceptionDefinition | undefined {
  for (const exception of method.exceptions) {
    if (error instanceof exception.type) return exception;
  }
  return undefined;
}

/** Any decoding failure as a `TProtocolException`; Apache's parsers also throw plain errors. */
function asProtocolException(error: unknown): Thrift.TProtocolException {
  if (error instanceof TProtocolException) return error;
  const message = error instanceof InputBufferUnderrunError ? "Unexpected end of message" : "Malformed message";
  const wrapped = new TProtocolException(TProtocolExceptionType.INVALID_DATA, message);
  wrapped.cause = error;
  return wrapped;
}
