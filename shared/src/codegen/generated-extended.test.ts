// What fixtures/extended.thrift generates beyond Debian's Apache compiler: uuid in all
// three protocols as Apache 0.21+ writes it, names that are reserved words, and
// constants that name struct constants or have struct keys.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { Thrift, type TProtocol } from "thrift";
import { createReader } from "../core/reader";
import type { StructCodec } from "../core/definition";
import { decodeCall, decodeReply, encodeCall, encodeReply } from "../core/message";
import { createThriftService } from "../core/service";
import { apacheEncode } from "./fixtures/apache-convert";
import { names } from "./fixtures/handler-types";
import { structOf } from "./fixtures/arbitrary";
import * as extended from "./fixtures/extended";
import {
  BY_BYTES,
  HolderCodec,
  Keyword,
  NAMED,
  Names,
  ORIGIN,
  PATH,
  ROWS,
  SAMPLE,
  TracedCodec,
  UUIDS,
} from "./fixtures/extended";
import { caught, decode, encode, protocols, roundTrip } from "./fixtures/round-trip";
import { loadIdl } from "./generate";

const { Type } = Thrift;
const { INVALID_DATA } = Thrift.TProtocolExceptionType;
const idlFile = join(__dirname, "fixtures", "extended.thrift");
const idl = loadIdl(readFileSync(idlFile, "utf8"), idlFile);
const generated = extended as unknown as Record<string, unknown>;
const hex = (text: string) => Buffer.from(text.replace(/\s/g, ""), "hex");
const id = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
const fallback = "00112233-4455-6677-8899-aabbccddeeff";

describe.each(protocols)("over %s", (protocol) => {
  const structs = idl.definitions.filter(
    (definition) => definition.kind === "struct" || definition.kind === "union" || definition.kind === "exception",
  );

  it.each(structs.map((definition) => definition.name))("%s values read back equal", (name) => {
    const codec = generated[`${name}Codec`] as StructCodec<unknown>;
    fc.assert(
      fc.property(structOf(idl, generated, name, { json: protocol === "json" }), (value) => {
        expect(roundTrip(codec, value, protocol)).toEqual(value);
      }),
      { numRuns: 50 },
    );
  });

  it("writes uuids as Apache's runtime writes them", () => {
    // Apache's own protocol objects, by hand: id, a list of one, and the default.
    const apache = apacheEncode((output: TProtocol) => {
      output.writeStructBegin("Traced");
      output.writeFieldBegin("id", Type.UUID, 1);
      output.writeUuid(id);
      output.writeFieldEnd();
      output.writeFieldBegin("links", Type.LIST, 3);
      output.writeListBegin(Type.UUID, 1);
      output.writeUuid(fallback);
      output.writeListEnd();
      output.writeFieldEnd();
      output.writeFieldBegin("fallback", Type.UUID, 6);
      output.writeUuid(fallback);
      output.writeFieldEnd();
      output.writeFieldStop();
      output.writeStructEnd();
    }, protocol);

    expect(encode(TracedCodec, { id, links: [fallback] }, protocol)).toEqual(apache);
  });

  it("When a uuid is not an RFC 4122 one Then it still round trips: a Thrift uuid is any 128 bits", () => {
    const value = { id: "11111111-1111-1111-1111-111111111111", fallback: "ffffffff-0000-ffff-0000-ffffffffffff" };

    expect(roundTrip(TracedCodec, value, protocol)).toEqual(value);
  });

  it("When a uuid is upper case Then it is written, and reads back, in lower case", () => {
    expect(roundTrip(TracedCodec, { id: id.toUpperCase() }, protocol)).toEqual({ id, fallback });
  });

  it.each(["nope", "f81d4fae7dec11d0a76500a0c91e6bf6", `{${id}}`, 42])(
    "When a uuid is %p Then writing fails",
    (bad) => {
      expect(caught(() => encode(TracedCodec, { id: bad as string }, protocol))).toMatchObject({
        name: "TProtocolException",
        type: INVALID_DATA,
      });
    },
  );

  it("When arguments are named like reserved words Then they keep their IDL names on the wire", () => {
    const args = ["d", "a", "e", "c", "o", "c_", 7, "aw", "y", "l", "s", "i"];
    const call = decodeCall(Names, encodeCall(Names.methods.call!, args, 1, protocol), protocol);

    expect(Names.methods.call!.argNames).toEqual([
      "default",
      "arguments",
      "eval",
      "ctx",
      "options",
      "ctx_",
      "class",
      "await",
      "yield",
      "let",
      "static",
      "implements",
    ]);
    expect(call).toMatchObject({ kind: "call", args });
  });
});

describe("the bytes of a uuid", () => {
  it("binary: type 16, then the 16 bytes, most significant first", () => {
    expect(encode(TracedCodec, { id }, "binary")).toEqual(
      hex(
        `80010001 00000001 6d 00000000  10 0001 f81d4fae7dec11d0a76500a0c91e6bf6  10 0006 00112233445566778899aabbccddeeff 00`,
      ),
    );
  });

  it("compact: type 13 in the field header, then the 16 bytes", () => {
    expect(encode(TracedCodec, { id }, "compact")).toEqual(
      hex(`82 21 00 01 6d  1d f81d4fae7dec11d0a76500a0c91e6bf6  5d 00112233445566778899aabbccddeeff 00`),
    );
  });

  it("json: tagged uid, in canonical form", () => {
    expect(encode(TracedCodec, { id }, "json").toString()).toBe(
      `[1,"m",1,0,{"1":{"uid":"${id}"},"6":{"uid":"${fallback}"}}]`,
    );
  });

  it.each([
    ["not a uuid", `"nope"`, "Invalid UUID at byte 23"],
    ["a number", "7", `Expected '"' at byte 23, found '7'`],
    ["no hyphens", `"f81d4fae7dec11d0a76500a0c91e6bf6"`, "Invalid UUID at byte 23"],
  ])("When JSON holds %s for a uuid Then reading fails with INVALID_DATA, naming the byte", (_, json, message) => {
    const bytes = Buffer.from(`[1,"m",1,0,{"1":{"uid":${json}}}]`);
    const input = createReader("json", bytes);
    input.readMessageBegin();

    expect(caught(() => TracedCodec.read(input))).toMatchObject({ type: INVALID_DATA, message });
  });

  it("When JSON holds an upper-case uuid Then it reads in lower case", () => {
    const bytes = Buffer.from(`[1,"m",1,0,{"1":{"uid":"${id.toUpperCase()}"}}]`);

    expect(decode(TracedCodec, bytes, "json")).toEqual({ id, fallback });
  });
});

describe("types named like what generated code uses", () => {
  it("When a struct is read without its defaults Then they come from the constants and enums of those names", () => {
    expect(decode(HolderCodec, hex("80010001 00000001 6d 00000000 00"), "binary")).toEqual({
      number: 1,
      kind: extended.value.ONE,
      error: { message: "none" },
      raw: Buffer.from("raw"),
      huge: Number.POSITIVE_INFINITY,
      numbers: [1],
      letter: extended.Thrift.B,
    });
  });

  it("When a method throws an exception named like a local Then the reply carries it", () => {
    const method = extended.ServiceDefinition.methods.hold!;
    const error = new extended.fields({ count: 3, args: "a" });
    const reply = decodeReply(method, encodeReply(method, 0, "compact", { kind: "declared", error }), "compact");

    expect(reply).toEqual({ kind: "declared", error });
    expect((reply as { error: unknown }).error).toBeInstanceOf(extended.fields);
  });
});

describe("constants beyond Apache's compilers", () => {
  it("name struct constants and use structs, lists and binary as keys", () => {
    expect(PATH[0]).toBe(ORIGIN);
    expect(NAMED.get({ x: 0, y: 0 })).toBe("origin");
    expect(NAMED.get({ y: 0, x: 1 })).toBe("east");
    expect(ROWS.has([1, 2])).toBe(true);
    expect(BY_BYTES.get(Buffer.from("a"))).toBe(1);
    expect(SAMPLE).toBe("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
    expect(extended.BRACED).toBe("00112233-4455-6677-8899-aabbccddeeff");
    expect(UUIDS).toEqual(["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"]);
  });

  it("keep enum members named like reserved words", () => {
    expect([Keyword.default, Keyword.class, Keyword.new]).toEqual([0, 1, 5]);
  });

  it("keep enum members and methods named like what every object has, as their own", () => {
    expect([Keyword.toString, Keyword.valueOf]).toEqual([6, 7]);
    expect(Object.hasOwn(Names.methods, "toString")).toBe(true);
    expect(() => createThriftService(Names, names)).not.toThrow();
  });
});
