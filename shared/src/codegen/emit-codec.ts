// A `StructCodec` for a struct, union, exception, or method arguments and result, in
// the shape of Apache's generators: a loop over fields with a `case` per id,
// skipping unknown ids and wrong types, then the required-field checks.
import { constValue } from "./emit-values";
import type { Imports } from "./imports";
import type { Field, Idl } from "./model";
import { tsType } from "./ts-type";
import { readValue, wireType, writeValue } from "./wire";
import type { CodeWriter } from "./writer";

export interface CodecSpec {
  /** The codec const, e.g. `EntryCodec`. */
  readonly name: string;
  readonly exported: boolean;
  /** The TypeScript type of values, e.g. `Entry`. */
  readonly type: string;
  /** The Thrift struct name, for the wire and for error messages. */
  readonly structName: string;
  readonly kind: "struct" | "union" | "exception";
  readonly fields: readonly Field[];
}

export function emitCodec(w: CodeWriter, idl: Idl, imports: Imports, spec: CodecSpec): void {
  imports.useType("StructCodec");
  const exported = spec.exported ? "export " : "";
  w.block(`${exported}const ${spec.name}: StructCodec<${spec.type}> = {`, () => {
    emitRead(w, idl, imports, spec);
    emitWrite(w, imports, spec);
  }, "};");
}

function emitRead(w: CodeWriter, idl: Idl, imports: Imports, spec: CodecSpec): void {
  const required = spec.fields.filter((field) => field.requiredness === "required");
  w.block("read(input) {", () => {
    // An exception without fields is constructed from nothing.
    if (spec.kind !== "exception" || spec.fields.length > 0) {
      w.object(`const fields: ${accumulatorType(spec, required.length > 0)} = `, defaults(idl, spec), ",", ";");
    }
    w.line("input.readStructBegin();");
    w.block("for (;;) {", () => {
      w.line(`const { ${spec.fields.length === 0 ? "ftype" : "ftype, fid"} } = input.readFieldBegin();`);
      w.line(`if (ftype === ${wire("STOP", imports)}) break;`);
      if (spec.fields.length === 0) {
        w.line("input.skip(ftype);");
      } else {
        w.block("switch (fid) {", () => {
          for (const field of spec.fields) emitReadCase(w, imports, field);
          w.line("default:");
          w.indent(() => w.line("input.skip(ftype);"));
        });
      }
      w.line("input.readFieldEnd();");
    });
    w.line("input.readStructEnd();");
    for (const field of required) {
      imports.useValue("unsetFieldError");
      w.guard(`fields.${field.name} === undefined`, `throw unsetFieldError("${spec.structName}", "${field.name}");`);
    }
    if (spec.kind === "union") {
      imports.useValue("checkUnion");
      w.line(`checkUnion("${spec.structName}", fields);`);
    }
    emitReturn(w, spec, required);
  }, "},");
}

function emitReadCase(w: CodeWriter, imports: Imports, field: Field): void {
  w.line(`case ${field.id}:`);
  w.indent(() => {
    w.block(`if (ftype === ${wireType(field.type, imports)}) {`, () => {
      w.expr(`fields.${field.name} = `, readValue(field.type, imports), ";");
    }, "} else {");
    w.indent(() => w.line("input.skip(ftype);"));
    w.line("}");
    w.line("break;");
  });
}

// Read into a partial value; a struct with required fields is only complete after
// the checks, an exception only once constructed.
function accumulatorType(spec: CodecSpec, hasRequired: boolean): string {
  if (spec.kind === "exception") {
    // Every field optional until the required ones are checked.
    return `{ ${spec.fields.map((field) => `${field.name}?: ${tsType(field.type)}`).join("; ")} }`;
  }
  return hasRequired ? `Partial<${spec.type}>` : spec.type;
}

function defaults(idl: Idl, spec: CodecSpec): string[] {
  return spec.fields.flatMap((field) =>
    field.defaultValue === undefined
      ? []
      : [`${field.name}: ${constValue(idl, field.defaultValue, field.type, `${spec.structName}.${field.name}`)}`],
  );
}

function emitReturn(w: CodeWriter, spec: CodecSpec, required: readonly Field[]): void {
  const construct = spec.kind === "exception" ? `new ${spec.type}(` : "";
  const close = spec.kind === "exception" ? ");" : ";";
  if (spec.kind === "exception" && spec.fields.length === 0) return w.line(`return new ${spec.type}();`);
  if (required.length === 0) return w.line(`return ${construct}fields${close}`);
  // After the checks above, each `fields.x` of a required field is narrowed to set.
  const narrowed = required.map((field) => `${field.name}: fields.${field.name}`);
  const members = required.length === spec.fields.length ? narrowed : ["...fields", ...narrowed];
  w.object(`return ${construct}`, members, ",", close);
}

function emitWrite(w: CodeWriter, imports: Imports, spec: CodecSpec): void {
  const params = spec.fields.length === 0 ? "output" : "output, value";
  w.block(`write(${params}) {`, () => {
    // Every check before the first byte: a failed write leaves nothing half-written.
    if (spec.kind === "union") {
      imports.useValue("checkUnion");
      w.line(`checkUnion("${spec.structName}", value);`);
    }
    for (const field of spec.fields) {
      if (field.requiredness !== "required") continue;
      imports.useValue("unsetFieldError");
      w.guard(`value.${field.name} === undefined`, `throw unsetFieldError("${spec.structName}", "${field.name}");`);
    }
    w.line(`output.writeStructBegin("${spec.structName}");`);
    for (const field of spec.fields) {
      const emitField = () => {
        w.line(`output.writeFieldBegin("${field.name}", ${wireType(field.type, imports)}, ${field.id});`);
        w.expr("", writeValue(field.type, `value.${field.name}`, imports), ";");
        w.line("output.writeFieldEnd();");
      };
      if (field.requiredness === "required") emitField();
      else w.block(`if (value.${field.name} !== undefined) {`, emitField);
    }
    w.line("output.writeFieldStop();");
    w.line("output.writeStructEnd();");
  }, "},");
}

function wire(name: string, imports: Imports): string {
  imports.useThrift();
  return `Thrift.Type.${name}`;
}
