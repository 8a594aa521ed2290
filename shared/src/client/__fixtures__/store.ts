// A hand-written ServiceDefinition shaped like generated code, for the client tests:
//
//     exception NotFound { 1: string key }
//     service Store {
//       string get(1: string key) throws (1: NotFound notFound) (idempotency = "no_side_effects")
//       void put(1: string key, 2: string value) (idempotency = "idempotent", timeout_ms = "2000")
//       i32 add(1: string key, 2: i32 delta)
//       oneway void notify(1: string message)
//     }
import { Thrift, type TProtocol } from "thrift";
import type {
  CallContext,
  CallOptions,
  MethodDefinition,
  MethodPolicy,
  ServiceDefinition,
  StructCodec,
} from "../../core/definition";

const { Type } = Thrift;

export class NotFound extends Error {
  override readonly name = "NotFound";
  readonly key: string;

  constructor(key: string) {
    super(`no value for ${key}`);
    this.key = key;
  }
}

type Kind = "string" | "i32" | "notFound";
interface Field {
  id: number;
  name: string;
  kind: Kind;
}

const wireType = { string: Type.STRING, i32: Type.I32, notFound: Type.STRUCT } as const;

const notFoundCodec: StructCodec<NotFound> = {
  read: (input) => new NotFound(String(struct([{ id: 1, name: "key", kind: "string" }]).read(input).key)),
  write: (output, value) => struct([{ id: 1, name: "key", kind: "string" }]).write(output, { key: value.key }),
};

function readValue(input: TProtocol, kind: Kind): unknown {
  if (kind === "string") return input.readString();
  if (kind === "i32") return input.readI32();
  return notFoundCodec.read(input);
}

function writeValue(output: TProtocol, kind: Kind, value: unknown): void {
  if (kind === "string") output.writeString(value as string);
  else if (kind === "i32") output.writeI32(value as number);
  else notFoundCodec.write(output, value as NotFound);
}

function struct(fields: Field[]): StructCodec<Record<string, unknown>> {
  return {
    read(input) {
      const value: Record<string, unknown> = {};
      input.readStructBegin();
      for (;;) {
        const { ftype, fid } = input.readFieldBegin();
        if (ftype === Type.STOP) break;
        const field = fields.find((f) => f.id === fid && wireType[f.kind] === ftype);
        if (field === undefined) input.skip(ftype);
        else value[field.name] = readValue(input, field.kind);
        input.readFieldEnd();
      }
      input.readStructEnd();
      return value;
    },
    write(output, value) {
      output.writeStructBegin("struct");
      for (const field of fields) {
        const fieldValue = value[field.name];
        if (fieldValue === undefined || fieldValue === null) continue;
        output.writeFieldBegin(field.name, wireType[field.kind], field.id);
        writeValue(output, field.kind, fieldValue);
        output.writeFieldEnd();
      }
      output.writeFieldStop();
      output.writeStructEnd();
    },
  };
}

function policy(idempotency: MethodPolicy["idempotency"], timeoutMs?: number): MethodPolicy {
  return { idempotency, cacheMaxAge: 0, cacheShared: false, timeoutMs };
}

function method(
  name: string,
  params: Field[],
  returns: Kind | undefined,
  methodPolicy: MethodPolicy,
  options: { oneway?: boolean; throwsNotFound?: boolean } = {},
): MethodDefinition {
  const results: Field[] = [];
  if (returns !== undefined) results.push({ id: 0, name: "success", kind: returns });
  if (options.throwsNotFound) results.push({ id: 1, name: "notFound", kind: "notFound" });
  return {
    name,
    oneway: options.oneway ?? false,
    argNames: params.map((p) => p.name),
    args: struct(params),
    result: struct(results),
    returnsValue: returns !== undefined,
    exceptions: options.throwsNotFound ? [{ id: 1, name: "notFound", type: NotFound }] : [],
    policy: methodPolicy,
  };
}

export interface StoreHandler {
  get(key: string, ctx: CallContext): Promise<string>;
  put(key: string, value: string, ctx: CallContext): Promise<void>;
  add(key: string, delta: number, ctx: CallContext): Promise<number>;
  notify(message: string, ctx: CallContext): Promise<void>;
}

export interface StoreClient {
  get(key: string, options?: CallOptions): Promise<string>;
  put(key: string, value: string, options?: CallOptions): Promise<void>;
  add(key: string, delta: number, options?: CallOptions): Promise<number>;
  notify(message: string, options?: CallOptions): Promise<void>;
}

const key: Field = { id: 1, name: "key", kind: "string" };

export const Store: ServiceDefinition<StoreHandler, StoreClient> = {
  name: "Store",
  methods: {
    get: method("get", [key], "string", policy("no_side_effects"), { throwsNotFound: true }),
    put: method("put", [key, { id: 2, name: "value", kind: "string" }], undefined, policy("idempotent", 2000)),
    add: method("add", [key, { id: 2, name: "delta", kind: "i32" }], "i32", policy("none")),
    notify: method("notify", [{ id: 1, name: "message", kind: "string" }], undefined, policy("none"), { oneway: true }),
  },
};
