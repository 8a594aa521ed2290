// A `StructCodec` for a struct, union, exception, or method arguments and result, in
// the shape of Apache's generators: a loop over fields with a `case` per id,
// skipping unknown ids and wrong types, then the required-field checks.
//
// Requiredness and defaults follow Apache's rules ("opt-in, req-out"):
// - required: must be on the wire (a default does not excuse it) and set to write;
// - optional: written only when set; its default, if any, fills it when absent;
// - neither: its default fills it when absent, and is written when it is unset.
import type { CodeWriter } from "./code-writer";
import { checkValue, constValue, type ValueContext } from "./emit-values";
import { object, wrap, type Expr } from "./expr";
import type { Imports } from "./imports";
import type { Field, Idl } from "./model";
import { tsType } from "./ts-type";
import { readValue, wireType, writeValue } from "./wire";

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

/** The parameters and local variables of a codec's functions, clear of the IDL's names. */
interface Locals {
  readonly input: string;
  readonly output: string;
  readonly value: string;
  readonly fields: string;
  readonly ftype: string;
  readonly fid: string;
  readonly count: string;
}

function localsOf(imports: Imports): Locals {
  const names = ["input", "output", "value", "fields", "ftype", "fid", "count"] as const;
  return Object.fromEntries(names.map((name) => [name, imports.local(name)])) as unknown as Locals;
}

export function emitCodec(w: CodeWriter, idl: Idl, imports: Imports, spec: CodecSpec): void {
  const exported = spec.exported ? imports.exported(spec.name, "value") : "";
  w.block(
    `${exported}const ${spec.name}: ${imports.type("StructCodec")}<${spec.type}> = {`,
    () => {
      if (spec.kind === "union") {
        emitUnionRead(w, imports, spec);
        emitUnionWrite(w, imports, spec);
      } else {
        const ctx: ValueContext = { idl, imports, mode: "fresh" };
        emitRead(w, ctx, spec);
        emitWrite(w, ctx, spec);
      }
    },
    "};",
  );
}

function emitRead(w: CodeWriter, ctx: ValueContext, spec: CodecSpec): void {
  const { imports } = ctx;
  const { input, fields } = localsOf(imports);
  const required = spec.fields.filter((field) => field.requiredness === "required");
  w.block(
    `read(${input}) {`,
    () => {
      // An exception without fields is constructed from nothing.
      if (spec.kind !== "exception" || spec.fields.length > 0) {
        w.expr(`const ${fields}: ${accumulatorType(spec, required.length > 0, imports)} = `, defaults(ctx, spec), ";");
      }
      w.line(`${input}.readStructBegin();`);
      emitFieldLoop(w, imports, spec, (field) => {
        w.expr(`${fields}.${field.name} = `, readValue(field.type, imports), ";");
      });
      w.line(`${input}.readStructEnd();`);
      for (const field of required) {
        const error = imports.value("unsetFieldError");
        w.guard(`${fields}.${field.name} === undefined`, `throw ${error}("${spec.structName}", "${field.name}");`);
      }
      emitReturn(w, imports, spec, required);
    },
    "},",
  );
}

/** `for (;;)` over the fields on the wire: `readField` for each known one of the expected type. */
function emitFieldLoop(w: CodeWriter, imports: Imports, spec: CodecSpec, readField: (field: Field) => void): void {
  const { input, ftype, fid, count } = localsOf(imports);
  const destructured = ftype === "ftype" && fid === "fid" ? "ftype, fid" : `ftype: ${ftype}, fid: ${fid}`;
  const typeOnly = ftype === "ftype" ? "ftype" : `ftype: ${ftype}`;
  w.block("for (;;) {", () => {
    w.line(`const { ${spec.fields.length === 0 ? typeOnly : destructured} } = ${input}.readFieldBegin();`);
    w.line(`if (${ftype} === ${wire("STOP", imports)}) break;`);
    if (spec.kind === "union") {
      // At most one field is on the wire: a second one is malformed, not a choice.
      w.line(`if (++${count} > 1) throw ${imports.value("unionFieldsError")}("${spec.structName}");`);
    }
    if (spec.fields.length === 0) {
      w.line(`${input}.skip(${ftype});`);
    } else {
      w.block(`switch (${fid}) {`, () => {
        for (const field of spec.fields) {
          w.line(`case ${field.id}:`);
          w.indent(() => {
            w.block(`if (${ftype} === ${wireType(field.type, imports)}) {`, () => readField(field), "} else {");
            w.indent(() => w.line(`${input}.skip(${ftype});`));
            w.line("}");
            w.line("break;");
          });
        }
        w.line("default:");
        w.indent(() => w.line(`${input}.skip(${ftype});`));
      });
    }
    w.line(`${input}.readFieldEnd();`);
  });
}

// Read into a partial value; a struct with required fields is only complete after
// the checks, an exception only once constructed.
function accumulatorType(spec: CodecSpec, hasRequired: boolean, imports: Imports): string {
  if (spec.kind === "exception") {
    // Every field optional until the required ones are checked.
    return `{ ${spec.fields.map((field) => `${field.name}?: ${tsType(field.type, imports)}`).join("; ")} }`;
  }
  return hasRequired ? `${imports.global("Partial")}<${spec.type}>` : spec.type;
}

// The defaults of the fields that may be absent. A required field must be sent: its
// default is checked, as Apache's compiler checks it, and not applied.
function defaults(ctx: ValueContext, spec: CodecSpec): Expr {
  return object(
    spec.fields.flatMap((field) => {
      if (field.defaultValue === undefined) return [];
      const where = `${spec.structName}.${field.name}`;
      if (field.requiredness !== "required")
        return [[field.name, constValue(ctx, field.defaultValue, field.type, where)] as const];
      checkValue(ctx.idl, field.defaultValue, field.type, where);
      return [];
    }),
  );
}

function emitReturn(w: CodeWriter, imports: Imports, spec: CodecSpec, required: readonly Field[]): void {
  const { fields } = localsOf(imports);
  const construct = spec.kind === "exception" ? `new ${spec.type}(` : "";
  const close = spec.kind === "exception" ? ");" : ";";
  if (spec.kind === "exception" && spec.fields.length === 0) return w.line(`return new ${spec.type}();`);
  if (required.length === 0) return w.line(`return ${construct}${fields}${close}`);
  // After the checks above, each `fields.x` of a required field is narrowed to set.
  const narrowed = required.map((field) => `${field.name}: ${fields}.${field.name}`);
  const members = required.length === spec.fields.length ? narrowed : [`...${fields}`, ...narrowed];
  w.object(`return ${construct}`, members, ",", close);
}

function emitWrite(w: CodeWriter, ctx: ValueContext, spec: CodecSpec): void {
  const { imports } = ctx;
  const { output, value: struct } = localsOf(imports);
  const params = spec.fields.length === 0 ? output : `${output}, ${struct}`;
  w.block(
    `write(${params}) {`,
    () => {
      // Every check before the first byte: a failed write leaves nothing half-written.
      for (const field of spec.fields) {
        if (field.requiredness !== "required") continue;
        const error = imports.value("unsetFieldError");
        w.guard(`${struct}.${field.name} === undefined`, `throw ${error}("${spec.structName}", "${field.name}");`);
      }
      w.line(`${output}.writeStructBegin("${spec.structName}");`);
      for (const field of spec.fields) {
        const emitField = (value: Expr) => {
          w.line(`${output}.writeFieldBegin("${field.name}", ${wireType(field.type, imports)}, ${field.id});`);
          w.expr("", writeValue(field.type, value, imports), ";");
          w.line(`${output}.writeFieldEnd();`);
        };
        let value = `${struct}.${field.name}`;
        if (spec.kind === "exception" && field.name === "message" && field.requiredness !== "required") {
          // Error.message is always a string: the field is what was given, not the summary.
          value = imports.local("message");
          w.line(`const ${value} = ${imports.value("messageField")}(${struct});`);
        }
        if (field.requiredness === "required") {
          emitField(value);
        } else if (field.requiredness === "default" && field.defaultValue !== undefined) {
          // "req-out": written even when unset, as its default.
          const fallback = constValue(ctx, field.defaultValue, field.type, `${spec.structName}.${field.name}`);
          emitField(wrap(`${value} ?? `, fallback));
        } else {
          w.block(`if (${value} !== undefined) {`, () => emitField(value));
        }
      }
      w.line(`${output}.writeFieldStop();`);
      w.line(`${output}.writeStructEnd();`);
    },
    "},",
  );
}

function emitUnionRead(w: CodeWriter, imports: Imports, spec: CodecSpec): void {
  const { input, value, count } = localsOf(imports);
  w.block(
    `read(${input}) {`,
    () => {
      // No field, or only one this program does not know: the unknown state.
      w.line(`let ${value}: ${spec.type} = { case: undefined };`);
      w.line(`let ${count} = 0;`);
      w.line(`${input}.readStructBegin();`);
      emitFieldLoop(w, imports, spec, (field) => {
        w.expr(
          `${value} = `,
          object([
            ["case", `"${field.name}"`],
            ["value", readValue(field.type, imports)],
          ]),
          ";",
        );
      });
      w.line(`${input}.readStructEnd();`);
      w.line(`return ${value};`);
    },
    "},",
  );
}

function emitUnionWrite(w: CodeWriter, imports: Imports, spec: CodecSpec): void {
  const { output, value } = localsOf(imports);
  const error = imports.value("unionError");
  // A union without fields never holds a value: writing one always throws, and code
  // after the throw would be unreachable (TS7027 under allowUnreachableCode: false).
  if (spec.fields.length === 0) {
    w.block(`write(_${output}, ${value}) {`, () => w.line(`throw ${error}("${spec.structName}", ${value});`), "},");
    return;
  }
  w.block(
    `write(${output}, ${value}) {`,
    () => {
      // Checked before the first byte, as a struct's required fields are.
      w.line(`if (${value}.value === undefined) throw ${error}("${spec.structName}", ${value});`);
      w.line(`${output}.writeStructBegin("${spec.structName}");`);
      w.block(`switch (${value}.case) {`, () => {
        for (const field of spec.fields) {
          w.line(`case "${field.name}":`);
          w.indent(() => {
            w.line(`${output}.writeFieldBegin("${field.name}", ${wireType(field.type, imports)}, ${field.id});`);
            w.expr("", writeValue(field.type, `${value}.value`, imports), ";");
            w.line("break;");
          });
        }
        w.line("default:");
        w.indent(() => w.line(`throw ${error}("${spec.structName}", ${value});`));
      });
      w.line(`${output}.writeFieldEnd();`);
      w.line(`${output}.writeFieldStop();`);
      w.line(`${output}.writeStructEnd();`);
    },
    "},",
  );
}

function wire(name: string, imports: Imports): string {
  return `${imports.thrift()}.Type.${name}`;
}
