// The codecs generated from fixtures/everything.thrift, which uses every IDL feature
// the generator supports, through the three protocols and against known bytes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { Thrift } from "thrift";
import type { StructCodec } from "../core/definition";
import { recordOf, structOf, valueOfType } from "./fixtures/arbitrary";
import * as everything from "./fixtures/everything";
import { caught, decode, encode, protocols, roundTrip } from "./fixtures/round-trip";
import { ThriftSet } from "../core/keyed";
import { loadIdl } from "./generate";

const {
  Color,
  Conflict,
  ConflictCodec,
  DefaultsCodec,
  Empty,
  EmptyCodec,
  EverythingCodec,
  Kitchen,
  NotFound,
  NotFoundCodec,
  PointCodec,
} = everything;
const idlFile = join(__dirname, "fixtures", "everything.thrift");
const idl = loadIdl(readFileSync(idlFile, "utf8"), idlFile);
const generated = everything as unknown as Record<string, unknown>;
const { INVALID_DATA } = Thrift.TProtocolExceptionType;
const hex = (text: string) => Buffer.from(text.replace(/\s/g, ""), "hex");
// The CALL envelope `encode` writes: name "m", seqid 0.
const binaryEnvelope = "80010001 00000001 6d 00000000";
const compactEnvelope = "82 21 00 01 6d";

describe.each(protocols)("over %s", (protocol) => {
  // Maps keyed by structs or containers cannot be JSON: left out there.
  const options = { json: protocol === "json" };
  const structs = idl.definitions.filter(
    (definition) => definition.kind === "struct" || definition.kind === "union" || definition.kind === "exception",
  );

  it.each(structs.map((definition) => definition.name))("%s values read back equal", (name) => {
    const codec = generated[`${name}Codec`] as StructCodec<unknown>;
    fc.assert(
      fc.property(structOf(idl, generated, name, options), (value) => {
        expect(roundTrip(codec, value, protocol)).toEqual(value);
      }),
    );
  });

  const service = idl.definitions.find((definition) => definition.kind === "service")!;

  it.each(service.methods.map((method) => method.name))("Kitchen.%s arguments and results read back equal", (name) => {
    const method = service.methods.find((m) => m.name === name)!;
    const { args, result } = Kitchen.methods[name]!;
    // Unless optional, an argument is required: handlers are typed to receive it.
    const params = method.params.map((param) => ({
      ...param,
      requiredness: param.requiredness === "optional" ? param.requiredness : ("required" as const),
    }));
    // A result holds nothing (void), the value, or one of the exceptions.
    const success = method.returns === undefined ? [] : [{ name: "success", type: method.returns }];
    const outcomes = [
      fc.constant({}),
      ...[...success, ...method.throws].map((field) =>
        fc.record({ [field.name]: valueOfType(idl, generated, field.type, options) }),
      ),
    ];
    fc.assert(
      fc.property(recordOf(idl, generated, params, options), fc.oneof(...outcomes), (argValues, resultValue) => {
        expect(roundTrip(args, argValues as Record<string, unknown>, protocol)).toEqual(argValues);
        expect(roundTrip(result, resultValue as Record<string, unknown>, protocol)).toEqual(resultValue);
      }),
    );
  });

  it("When a declared exception is read Then it is an instance of its class with its fields", () => {
    const error = roundTrip(NotFoundCodec, new NotFound({ key: "k", message: "no k" }), protocol);

    expect(error).toBeInstanceOf(NotFound);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "NotFound", key: "k", message: "no k" });
    expect(error.stack).toMatch(/^NotFound: no k\n/);
  });

  it("When a field is absent Then its IDL default is read", () => {
    expect(roundTrip(DefaultsCodec, {}, protocol)).toEqual({
      flag: true,
      count: 100,
      name: "none",
      color: Color.GREEN,
      tags: ["a", "b"],
      origin: { x: 0, y: 1.5 },
      big: 9007199254740993n,
      named: new Map([["o", { x: 1, y: 2 }]]),
      corners: new ThriftSet([
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ]),
      shape: { case: "polygon", value: [{ x: 1, y: 2 }] },
      bytes: Buffer.from("raw\tbytes"),
      scale: 0.001,
      offset: -7,
      moreTags: ["x", "y"],
      byColor: new Map([
        [Color.RED, new Set(["r"])],
        [Color.BLUE, new Set()],
      ]),
      owner: -(2n ** 63n),
    });
  });
});

describe("the bytes on the wire", () => {
  const point = { x: 1.5, y: -2 };

  it("binary: each field is type, id, value; then STOP", () => {
    expect(encode(PointCodec, point, "binary")).toEqual(
      hex(`${binaryEnvelope}  04 0001 3ff8000000000000  04 0002 c000000000000000  00`),
    );
  });

  it("compact: field id deltas in the type byte, doubles little-endian", () => {
    expect(encode(PointCodec, point, "compact")).toEqual(
      hex(`${compactEnvelope}  17 000000000000f83f  17 00000000000000c0  00`),
    );
  });

  it("json: fields by id, each tagged with its type", () => {
    expect(encode(PointCodec, point, "json").toString()).toBe('[1,"m",1,0,{"1":{"dbl":1.5},"2":{"dbl":-2}}]');
  });

  it("binary: i64 in two's complement, lists as element type, size, elements", () => {
    const bytes = encode(ConflictCodec, new Conflict({ id: -2n, reasons: ["a", "bc"] }), "binary");
    expect(bytes).toEqual(
      hex(`${binaryEnvelope}  0a 0001 fffffffffffffffe  0f 0002 0b 00000002 00000001 61 00000002 6263  00`),
    );
  });

  it("When a field has an unknown id or an unexpected type Then it is skipped", () => {
    const bytes = hex(`${binaryEnvelope}
      0b 0009 00000002 7a7a
      08 0001 00000007
      04 0001 3ff8000000000000
      04 0002 c000000000000000
      00`);

    expect(decode(PointCodec, bytes, "binary")).toEqual(point);
  });
});

describe("a bug of thrift 0.24's TJSONProtocol that ours does not have", () => {
  // Apache's readListEnd loses its place after an empty container inside another.
  it("json: empty lists inside a list read back", () => {
    const value = {
      aBool: true,
      aByte: 1,
      anI8: -1,
      anI16: 2,
      anI32: 3,
      anI64: 4n,
      aDouble: 0.5,
      aString: "s",
      aBinary: Buffer.from("b"),
      color: Color.BLUE,
      id: 5n,
      matrix: [[], [], []],
    };

    expect(roundTrip(EverythingCodec, value, "json")).toEqual(value);
  });
});

describe("required fields", () => {
  it("When a required field is absent Then reading fails with INVALID_DATA naming it", () => {
    const bytes = hex(`${binaryEnvelope}  04 0002 c000000000000000  00`);

    expect(caught(() => decode(PointCodec, bytes, "binary"))).toMatchObject({
      name: "TProtocolException",
      type: INVALID_DATA,
      message: "Required field Point.x is unset",
    });
  });

  it("When a required field is unset Then writing fails before any byte of the struct", () => {
    const value = { y: 1 } as { x: number; y: number };

    expect(caught(() => encode(PointCodec, value, "binary"))).toMatchObject({
      type: INVALID_DATA,
      message: "Required field Point.x is unset",
    });
  });

  it("When a required argument is missing Then the call does not decode", () => {
    const { args } = Kitchen.methods.shapes!;

    expect(caught(() => roundTrip(args, { color: Color.RED }, "compact"))).toMatchObject({
      type: INVALID_DATA,
      message: "Required field Kitchen_shapes_args.ids is unset",
    });
  });
});

describe("exceptions", () => {
  // NotFound's bytes with only its key: the same field 1 in a struct named alike.
  const ConflictlessKey: StructCodec<{ key: string }> = {
    read: () => {
      throw new Error("not read");
    },
    write(output, value) {
      output.writeStructBegin("NotFound");
      output.writeFieldBegin("key", Thrift.Type.STRING, 1);
      output.writeString(value.key);
      output.writeFieldEnd();
      output.writeFieldStop();
      output.writeStructEnd();
    },
  };

  it("When the IDL has a message field Then it is the Error message", () => {
    expect(new NotFound({ key: "a", message: "gone" }).message).toBe("gone");
  });

  it("When there is no message Then the message sums up the fields", () => {
    expect(new NotFound({ key: "a" }).message).toBe('NotFound: key="a"');
    expect(new Conflict({ id: 7n, reasons: ["x"] }).message).toBe("Conflict: id=7, reasons=[1 items]");
  });

  it("keeps fields as own enumerable properties", () => {
    expect(Object.keys(new Conflict({ id: 7n }))).toEqual(["name", "id", "reasons"]);
  });

  it.each(protocols)(
    "When its message field was not given Then %s carries no message, and reads back without one",
    (protocol) => {
      // NotFound { 1: required string key; 2: string message }: the summary is not the field.
      const bytes = encode(NotFoundCodec, new NotFound({ key: "a" }), protocol);
      const keyOnly = encode(ConflictlessKey, { key: "a" }, protocol);
      expect(bytes).toEqual(keyOnly);
      const read = decode(NotFoundCodec, bytes, protocol);
      expect(read).toMatchObject({ key: "a", message: 'NotFound: key="a"' });
      expect(encode(NotFoundCodec, read, protocol)).toEqual(bytes);
    },
  );

  it.each(protocols)(
    "%s: a message field is on the wire exactly when it was given, whatever the values",
    (protocol) => {
      // A codec that reads only which field ids are there.
      const ids: StructCodec<number[]> = {
        read(input) {
          const seen: number[] = [];
          input.readStructBegin();
          for (;;) {
            const { ftype, fid } = input.readFieldBegin();
            if (ftype === Thrift.Type.STOP) break;
            seen.push(fid);
            input.skip(ftype);
            input.readFieldEnd();
          }
          input.readStructEnd();
          return seen;
        },
        write: () => {
          throw new Error("not written");
        },
      };
      fc.assert(
        fc.property(fc.string(), fc.option(fc.string(), { nil: undefined }), (key, message) => {
          const bytes = encode(NotFoundCodec, new NotFound({ key, message }), protocol);
          expect(decode(ids, bytes, protocol)).toEqual(message === undefined ? [1] : [1, 2]);
        }),
      );
    },
  );

  it("When its message field was given, or set later, Then it is on the wire", () => {
    const given = decode(
      NotFoundCodec,
      encode(NotFoundCodec, new NotFound({ key: "a", message: "gone" }), "binary"),
      "binary",
    );
    expect(given.message).toBe("gone");
    const later = new NotFound({ key: "a" });
    later.message = "set later";
    expect(decode(NotFoundCodec, encode(NotFoundCodec, later, "binary"), "binary").message).toBe("set later");
  });

  it("When an exception has no fields Then it still round trips as its class", () => {
    expect(roundTrip(EmptyCodec, new Empty(), "binary")).toBeInstanceOf(Empty);
  });
});

describe("the service definition", () => {
  it("carries each method's shape and policy", () => {
    expect(Kitchen.methods.shapes).toEqual({
      name: "shapes",
      oneway: false,
      argNames: ["ids", "color", "limit"],
      args: expect.anything(),
      result: expect.anything(),
      returnsValue: true,
      exceptions: [
        { id: 1, name: "notFound", type: NotFound },
        { id: 2, name: "conflict", type: Conflict },
      ],
      policy: { idempotency: "no_side_effects", cacheMaxAge: 60, cacheShared: true, timeoutMs: undefined },
    });
    expect(Kitchen.methods.fire).toMatchObject({ oneway: true, returnsValue: false, argNames: ["event"] });
    expect(Kitchen.methods.echo!.policy).toEqual({
      idempotency: "idempotent",
      cacheMaxAge: 0,
      cacheShared: false,
      timeoutMs: 250,
    });
  });

  it("When an argument has a default and is absent Then the handler receives the default", () => {
    const { args } = Kitchen.methods.shapes!;

    expect(roundTrip(args, { ids: [1n] }, "binary")).toEqual({ ids: [1n], limit: 10 });
  });
});
