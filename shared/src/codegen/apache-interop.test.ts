// Byte for byte against Apache: the code Debian's thrift-compiler generates from the
// same everything.thrift (committed in fixtures/apache/), on Apache's own protocols
// from the thrift 0.24 runtime. For random values of every struct, union, exception,
// argument list and result: Apache writes the bytes ours write, reads ours and writes
// them back unchanged, and ours read Apache's back to the same value.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { fromBigInt } from "thrift";
import type { StructCodec } from "../core/definition";
import { encodeCall, encodeReply } from "../core/message";
import { MemoryTransport } from "../core/transport";
import { recordOf, representable, structOf, valueOfType, type ValueOptions } from "./fixtures/arbitrary";
import {
  apacheDecode,
  apacheEncode,
  apacheProtocols,
  inApacheOrder,
  toApache,
  type ApacheModule,
  type ApacheStruct,
} from "./fixtures/apache-convert";
import * as everything from "./fixtures/everything";
import { decode, encode, protocols } from "./fixtures/round-trip";
import { loadIdl } from "./generate";

const fixtures = join(__dirname, "fixtures");
const idlFile = join(fixtures, "everything.thrift");
const idl = loadIdl(readFileSync(idlFile, "utf8"), idlFile);
const generated = everything as unknown as Record<string, unknown>;
const apache = require("./fixtures/apache/everything_types.js") as ApacheModule;
const apacheKitchen = require("./fixtures/apache/Kitchen.js") as {
  Client: new (output: MemoryTransport, protocol: unknown) => Record<string, (...args: unknown[]) => void>;
  Processor: new (handler: object) => { process(input: unknown, output: unknown): void };
};
const service = idl.definitions.find((definition) => definition.kind === "service")!;
const structs = idl.definitions.filter(
  (definition) => definition.kind === "struct" || definition.kind === "union" || definition.kind === "exception",
);

describe("the committed Apache code", () => {
  it("was generated from this everything.thrift (README.md records its SHA-256)", () => {
    const readme = readFileSync(join(fixtures, "apache", "README.md"), "utf8");
    const sha256 = createHash("sha256").update(readFileSync(idlFile)).digest("hex");

    expect(readme).toContain(`everything.thrift SHA-256: ${sha256}`);
  });

  const thrift = compiler();
  (thrift === undefined ? it.skip : it)("is what thrift-compiler generates today (skipped without it)", () => {
    const out = mkdtempSync(join(tmpdir(), "apache-"));
    try {
      execFileSync(thrift!, ["--gen", "js:node,es6", "-out", out, idlFile], { stdio: "ignore" });
      for (const file of readdirSync(out)) {
        expect(readFileSync(join(out, file), "utf8")).toBe(readFileSync(join(fixtures, "apache", file), "utf8"));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe.each(protocols)("Apache's code and ours over %s", (protocol) => {
  const options: ValueOptions = {
    apacheJs: true,
    noEmptyNested: protocol === "json",
    json: protocol === "json",
    apacheJsonWriter: protocol === "json",
    noBoolElements: protocol === "compact",
  };

  it.each(structs.map((definition) => definition.name))("%s: the same bytes both ways", (name) => {
    const codec = generated[`${name}Codec`] as StructCodec<unknown>;
    const type = { kind: "struct", name } as const;
    fc.assert(
      fc.property(structOf(idl, generated, name, options), (random) => {
        const value = inApacheOrder(idl, type, random);
        const ours = encode(codec, value, protocol);
        const apacheValue = toApache(idl, apache, type, value) as ApacheStruct;
        const theirs = apacheEncode((output) => apacheValue.write(output), protocol);

        expect(theirs).toEqual(ours);
        const readByApache = apacheDecode(apache[name]!, ours, protocol);
        expect(apacheEncode((output) => readByApache.write(output), protocol)).toEqual(ours);
        expect(decode(codec, theirs, protocol)).toEqual(value);
      }),
      { numRuns: 30 },
    );
  });

  it.each(service.methods.map((method) => method.name))(
    "Kitchen.%s: Apache's client sends the call ours sends",
    (name) => {
      const method = service.methods.find((m) => m.name === name)!;
      // Every argument is sent (a defaulted one always is: it is never left out here).
      const params = method.params.map((param) => ({ ...param, requiredness: "required" as const }));
      fc.assert(
        fc.property(recordOf(idl, generated, params, options), (random) => {
          const args = method.params.map((param) =>
            inApacheOrder(idl, param.type, (random as Record<string, unknown>)[param.name]),
          );
          const transport = new MemoryTransport();
          const client = new apacheKitchen.Client(transport, apacheProtocols[protocol]);
          client[`send_${name}`]!(...method.params.map((param, i) => toApache(idl, apache, param.type, args[i])));

          expect(transport.toBuffer()).toEqual(encodeCall(everything.Kitchen.methods[name]!, args, 0, protocol));
        }),
        { numRuns: 30 },
      );
    },
  );

  it.each(service.methods.filter((method) => !method.oneway).map((method) => method.name))(
    "Kitchen.%s: Apache's processor replies what ours replies",
    async (name) => {
      const method = service.methods.find((m) => m.name === name)!;
      const definition = everything.Kitchen.methods[name]!;
      // The value, or one of the declared exceptions, with the type it is of.
      const success = method.returns === undefined ? [] : [{ name: "success", type: method.returns }];
      const results = [...success, ...method.throws].filter((field) => representable(field.type, options));
      const outcome =
        results.length === 0
          ? fc.constant(undefined)
          : fc.oneof(
              ...results.map((field) =>
                valueOfType(idl, generated, field.type, options).map((value) => ({ field, value })),
              ),
            );
      const params = method.params.map((param) => ({ ...param, requiredness: "required" as const }));
      await fc.assert(
        fc.asyncProperty(recordOf(idl, generated, params, options), outcome, async (args, random) => {
          const values = method.params.map((param) => (args as Record<string, unknown>)[param.name]);
          const call = encodeCall(definition, values, 0, protocol);
          const value = random === undefined ? undefined : inApacheOrder(idl, random.field.type, random.value);
          const declared = random !== undefined && random.field.name !== "success";
          const reply = await apacheReply(name, method.params.length, call, protocol, () => {
            const theirs = random === undefined ? undefined : toApache(idl, apache, random.field.type, value);
            if (declared) throw theirs;
            return theirs;
          });

          const ours = declared
            ? ({ kind: "declared", error: value as Error } as const)
            : ({ kind: "success", value } as const);
          expect(reply).toEqual(encodeReply(definition, 0, protocol, ours));
        }),
        { numRuns: 30 },
      );
    },
  );
});

describe("what a caller leaves out", () => {
  it.each(protocols)("When a defaulted argument is left out Then both clients send its default (%s)", (protocol) => {
    const transport = new MemoryTransport();
    new apacheKitchen.Client(transport, apacheProtocols[protocol]).send_shapes!([fromBigInt(1n)]);

    expect(transport.toBuffer()).toEqual(
      encodeCall(everything.Kitchen.methods.shapes!, [[1n], undefined, undefined], 0, protocol),
    );
  });
});

describe("known bugs of thrift 0.24", () => {
  // TCompactProtocol.readBool expects the transport's readByte() to return an object:
  // outside a field header (in a list, set or map) every bool reads as false. Ours
  // reads them right (core/bounded.ts). Fails once Apache's reader is fixed: then
  // drop noBoolElements above.
  it.failing("compact: Apache reads a true in a list as true", () => {
    const bytes = encode(everything.EverythingCodec, { ...minimal, flags: [true] }, "compact");

    const read = apacheDecode(apache.Everything!, bytes, "compact") as unknown as { flags: boolean[] };
    expect(read.flags).toEqual([true]);
  });
});

const minimal = {
  aBool: true,
  aByte: 1,
  anI8: -1,
  anI16: 2,
  anI32: 3,
  anI64: 4n,
  aDouble: 0.5,
  aString: "s",
  aBinary: Buffer.from("b"),
  color: everything.Color.BLUE,
  id: 5n,
};

/** The reply Apache's processor writes for a call of `name`, its handler doing `answer`. */
function apacheReply(
  name: string,
  arity: number,
  call: Buffer,
  protocol: keyof typeof apacheProtocols,
  answer: () => unknown,
): Promise<Buffer> {
  return new Promise((resolve) => {
    const output = new MemoryTransport();
    output.flush = () => resolve(output.toBuffer());
    // Apache's processor tells promise handlers from callback ones by their arity.
    const handler = { [name]: Object.defineProperty(async () => answer(), "length", { value: arity }) };
    const processor = new apacheKitchen.Processor(handler);
    const Protocol = apacheProtocols[protocol];
    processor.process(new Protocol(new MemoryTransport(call)), new Protocol(output));
  });
}

function compiler(): string | undefined {
  try {
    execFileSync("thrift", ["--version"], { stdio: "ignore" });
    return "thrift";
  } catch {
    return undefined;
  }
}
