// A tiny hand-written codec builder, in the shape of the generated codecs, for
// test definitions that must not depend on the generator.
import { Thrift, type TProtocol } from "thrift";
import type { MethodDefinition, MethodPolicy, StructCodec } from "../definition";

const { Type, TProtocolException, TProtocolExceptionType } = Thrift;

export interface Field {
  id: number;
  name: string;
  type: Thrift.Type;
  required?: boolean;
  read(input: TProtocol): unknown;
  write(output: TProtocol, value: never): void;
}

export const i32 = {
  type: Type.I32,
  read: (p: TProtocol) => p.readI32(),
  write: (p: TProtocol, v: number) => p.writeI32(v),
};
export const string = {
  type: Type.STRING,
  read: (p: TProtocol) => p.readString(),
  write: (p: TProtocol, v: string) => p.writeString(v),
};
export const stringList = {
  type: Type.LIST,
  read(p: TProtocol): string[] {
    const { size } = p.readListBegin();
    const items: string[] = [];
    for (let i = 0; i < size; i++) items.push(p.readString());
    p.readListEnd();
    return items;
  },
  write(p: TProtocol, items: string[]): void {
    p.writeListBegin(Type.STRING, items.length);
    for (const item of items) p.writeString(item);
    p.writeListEnd();
  },
};

export function struct(fields: readonly Field[]): StructCodec<Record<string, unknown>> {
  return {
    read(input) {
      const value: Record<string, unknown> = {};
      input.readStructBegin();
      for (let header = input.readFieldBegin(); header.ftype !== Type.STOP; header = input.readFieldBegin()) {
        const field = fields.find((f) => f.id === header.fid && f.type === header.ftype);
        if (field === undefined) input.skip(header.ftype);
        else value[field.name] = field.read(input);
        input.readFieldEnd();
      }
      input.readStructEnd();
      for (const field of fields) {
        if (field.required && value[field.name] === undefined) {
          throw new TProtocolException(TProtocolExceptionType.INVALID_DATA, `Required field ${field.name} is unset`);
        }
      }
      return value;
    },
    write(output, value) {
      output.writeStructBegin("");
      for (const field of fields) {
        const fieldValue = value[field.name];
        if (fieldValue === undefined || fieldValue === null) {
          if (field.required)
            throw new TProtocolException(TProtocolExceptionType.INVALID_DATA, `Required field ${field.name} is unset`);
          continue;
        }
        output.writeFieldBegin(field.name, field.type, field.id);
        field.write(output, fieldValue as never);
        output.writeFieldEnd();
      }
      output.writeFieldStop();
      output.writeStructEnd();
    },
  };
}

export function policy(overrides: Partial<MethodPolicy>): MethodPolicy {
  return { idempotency: "none", cacheMaxAge: 0, cacheShared: false, timeoutMs: undefined, ...overrides };
}

export function method(
  name: string,
  args: readonly Field[],
  success: Omit<Field, "id" | "name"> | undefined,
  options: Partial<Pick<MethodDefinition, "oneway" | "exceptions" | "policy">> & { exceptionFields?: Field[] } = {},
): MethodDefinition {
  const resultFields = success === undefined ? [] : [{ id: 0, name: "success", ...success }];
  return {
    name,
    oneway: options.oneway ?? false,
    argNames: args.map((a) => a.name),
    args: struct(args),
    result: struct([...resultFields, ...(options.exceptionFields ?? [])]),
    returnsValue: success !== undefined,
    exceptions: options.exceptions ?? [],
    policy: options.policy ?? policy({}),
  };
}
