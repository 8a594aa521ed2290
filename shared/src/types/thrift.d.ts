// The part of Apache `thrift` (0.24) that this package uses. The runtime ships no
// typings and @types/thrift describes 0.10 (with the removed Q promises), so the
// surface is declared here, narrowly, from the 0.24 sources.
declare module "thrift" {
  export namespace Thrift {
    // biome-ignore-start lint/suspicious/noDuplicateEnumValues: Thrift's own aliases, I08 for BYTE and UTF7 for STRING.
    enum Type {
      STOP = 0,
      VOID = 1,
      BOOL = 2,
      BYTE = 3,
      I08 = 3,
      DOUBLE = 4,
      I16 = 6,
      I32 = 8,
      I64 = 10,
      STRING = 11,
      UTF7 = 11,
      STRUCT = 12,
      MAP = 13,
      SET = 14,
      LIST = 15,
      UTF8 = 16,
      UTF16 = 17,
      UUID = 18,
    }
    // biome-ignore-end lint/suspicious/noDuplicateEnumValues: the enum ends here.
    enum MessageType {
      CALL = 1,
      REPLY = 2,
      EXCEPTION = 3,
      ONEWAY = 4,
    }
    enum TApplicationExceptionType {
      UNKNOWN = 0,
      UNKNOWN_METHOD = 1,
      INVALID_MESSAGE_TYPE = 2,
      WRONG_METHOD_NAME = 3,
      BAD_SEQUENCE_ID = 4,
      MISSING_RESULT = 5,
      INTERNAL_ERROR = 6,
      PROTOCOL_ERROR = 7,
      INVALID_TRANSFORM = 8,
      INVALID_PROTOCOL = 9,
      UNSUPPORTED_CLIENT_TYPE = 10,
    }
    enum TProtocolExceptionType {
      UNKNOWN = 0,
      INVALID_DATA = 1,
      NEGATIVE_SIZE = 2,
      SIZE_LIMIT = 3,
      BAD_VERSION = 4,
      NOT_IMPLEMENTED = 5,
      DEPTH_LIMIT = 6,
    }
    class TException extends Error {
      constructor(message?: string);
    }
    class TApplicationException extends TException {
      constructor(type?: TApplicationExceptionType, message?: string);
      type: TApplicationExceptionType;
      read(input: TProtocol): void;
      write(output: TProtocol): void;
    }
    class TProtocolException extends Error {
      constructor(type: TProtocolExceptionType, message?: string);
      type: TProtocolExceptionType;
    }
    const DEFAULT_RECURSION_DEPTH: number;
  }

  /** node-int64, as the runtime reads and writes i64 values. */
  export class Int64 {
    constructor(value: number | string | Buffer);
    buffer: Buffer;
    toNumber(allowImprecise?: boolean): number;
  }
  export function toBigInt(value: Int64): bigint;
  export function fromBigInt(value: bigint): Int64;

  export interface TMessage {
    fname: string;
    mtype: Thrift.MessageType;
    rseqid: number;
  }
  export interface TField {
    fname: string | null;
    ftype: Thrift.Type;
    fid: number;
  }
  export interface TMap {
    ktype: Thrift.Type;
    vtype: Thrift.Type;
    size: number;
  }
  export interface TList {
    etype: Thrift.Type;
    size: number;
  }
  export interface TSet {
    etype: Thrift.Type;
    size: number;
  }

  /** What the protocols need from a transport (see buffered_transport.js). */
  export interface TTransport {
    read(len: number): Buffer;
    readByte(): number;
    readI16(): number;
    readI32(): number;
    readDouble(): number;
    readString(len: number): string;
    borrow(): { buf: Buffer; readIndex: number; writeIndex: number };
    consume(bytesConsumed: number): void;
    write(buf: Buffer | string): void;
    flush(): void;
    setCurrSeqId(seqid: number): void;
  }

  export interface TProtocol {
    flush(): void;
    writeMessageBegin(name: string, type: Thrift.MessageType, seqid: number): void;
    writeMessageEnd(): void;
    writeStructBegin(name: string): void;
    writeStructEnd(): void;
    writeFieldBegin(name: string, type: Thrift.Type, id: number): void;
    writeFieldEnd(): void;
    writeFieldStop(): void;
    writeMapBegin(ktype: Thrift.Type, vtype: Thrift.Type, size: number): void;
    writeMapEnd(): void;
    writeListBegin(etype: Thrift.Type, size: number): void;
    writeListEnd(): void;
    writeSetBegin(etype: Thrift.Type, size: number): void;
    writeSetEnd(): void;
    writeBool(value: boolean): void;
    writeByte(value: number): void;
    writeI16(value: number): void;
    writeI32(value: number): void;
    writeI64(value: number | Int64): void;
    writeDouble(value: number): void;
    writeString(value: string): void;
    writeBinary(value: Buffer | string): void;
    writeUuid(value: string): void;
    readMessageBegin(): TMessage;
    readMessageEnd(): void;
    readStructBegin(): { fname: string };
    readStructEnd(): void;
    readFieldBegin(): TField;
    readFieldEnd(): void;
    readMapBegin(): TMap;
    readMapEnd(): void;
    readListBegin(): TList;
    readListEnd(): void;
    readSetBegin(): TSet;
    readSetEnd(): void;
    readBool(): boolean;
    readByte(): number;
    readI16(): number;
    readI32(): number;
    readI64(): Int64;
    readDouble(): number;
    readString(): string;
    readBinary(): Buffer;
    readUuid(): string;
    skip(type: Thrift.Type, depth?: number): void;
    getTransport(): TTransport;
  }

  export interface TProtocolConstructor {
    new (trans: TTransport): TProtocol;
  }
  export const TBinaryProtocol: TProtocolConstructor;
  export const TCompactProtocol: TProtocolConstructor;
  export const TJSONProtocol: TProtocolConstructor;
  export class InputBufferUnderrunError extends Error {}
}
