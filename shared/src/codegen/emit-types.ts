// Enums, typedefs, consts, structs, unions and exceptions: their TypeScript
// declarations and, for the struct-likes, their codecs.
import type { CodeWriter } from "./code-writer";
import { emitCodec } from "./emit-codec";
import { constValue, type ValueContext } from "./emit-values";
import type { Imports } from "./imports";
import type { ConstDefinition, EnumDefinition, Field, Idl, StructDefinition, TypedefDefinition } from "./model";
import { bindingName } from "./names";
import { constType, member, optional, tsType } from "./ts-type";

// Each definition is declared under its binding name (names.ts), usually its own.

export function emitEnum(w: CodeWriter, imports: Imports, definition: EnumDefinition): void {
  const name = bindingName(definition.name);
  w.doc(definition.doc);
  w.block(`${imports.exported(name, "value")}enum ${name} {`, () => {
    for (const { doc, name, value } of definition.members) {
      w.doc(doc);
      w.line(`${name} = ${value},`);
    }
  });
}

export function emitTypedef(w: CodeWriter, imports: Imports, definition: TypedefDefinition): void {
  const name = bindingName(definition.name);
  w.doc(definition.doc);
  w.line(`${imports.exported(name, "type")}type ${name} = ${tsType(definition.type, imports)};`);
}

/** A constant: frozen, and typed read-only all the way down. */
export function emitConst(w: CodeWriter, ctx: ValueContext, definition: ConstDefinition): void {
  w.doc(definition.doc);
  const { type } = definition;
  const name = bindingName(definition.name);
  const value = constValue(ctx, definition.value, type, definition.name);
  w.expr(`${ctx.imports.exported(name, "value")}const ${name}: ${constType(type, ctx.imports)} = `, value, ";");
}

/** A struct: an interface of its fields and its codec. */
export function emitStruct(w: CodeWriter, idl: Idl, imports: Imports, definition: StructDefinition): void {
  const name = bindingName(definition.name);
  w.doc(definition.doc);
  w.block(`${imports.exported(name, "type")}interface ${name} {`, () => {
    for (const field of definition.fields) {
      w.doc(field.doc);
      w.line(`${member(field, imports)};`);
    }
  });
  w.line();
  emitCodec(w, idl, imports, {
    name: `${name}Codec`,
    exported: true,
    type: name,
    structName: definition.name,
    kind: "struct",
    fields: definition.fields,
  });
}

/**
 * A union: one `{ case, value }` object per field, which `switch (u.case)` narrows,
 * and `{ case: undefined }` for a union read with no field this program knows (a
 * newer writer's, or none at all), which cannot be written back.
 */
export function emitUnion(w: CodeWriter, idl: Idl, imports: Imports, definition: StructDefinition): void {
  const name = bindingName(definition.name);
  w.doc([...definition.doc, ...(definition.doc.length > 0 ? [""] : []), unionDoc]);
  w.line(`${imports.exported(name, "type")}type ${name} =`);
  w.indent(() => {
    for (const field of definition.fields) {
      w.doc(field.doc);
      w.line(`| { case: "${field.name}"; value: ${tsType(field.type, imports)} }`);
    }
    w.line("| { case: undefined; value?: undefined };");
  });
  w.line();
  emitCodec(w, idl, imports, {
    name: `${name}Codec`,
    exported: true,
    type: name,
    structName: definition.name,
    kind: "union",
    fields: definition.fields,
  });
}

const unionDoc = "One field, as `{ case, value }`; `case` is undefined when none this program knows was read.";

/**
 * An exception: a real `Error` subclass, so handlers throw it and callers catch it
 * with `instanceof`, and its codec. Its message is the IDL `message` field when
 * there is one, else a summary of the fields.
 */
export function emitException(w: CodeWriter, idl: Idl, imports: Imports, definition: StructDefinition): void {
  const { name, fields } = definition;
  const binding = bindingName(name);
  // `message` is Error's own property: set through super(), not redeclared.
  const own = fields.filter((field) => field.name !== "message");
  const message = fields.find((field) => field.name === "message");
  w.doc(definition.doc);
  const args = imports.local("args");
  w.block(`${imports.exported(binding, "value")}class ${binding} extends ${imports.global("Error")} {`, () => {
    w.line(`override readonly name = "${name}";`);
    for (const field of own) {
      w.doc(field.doc);
      // `| undefined`: the constructor assigns what it is given, set or not, which a
      // project with exactOptionalPropertyTypes allows only so.
      w.line(`${member(field, imports)}${optional(field) ? " | undefined" : ""};`);
    }
    // Without fields, Error's own constructor serves.
    if (fields.length === 0) return;
    w.line();
    const members = fields.map((field) => member(field, imports));
    w.object(`constructor(${args}: `, members, ";", fields.every(optional) ? " = {}) {" : ") {");
    w.indent(() => {
      w.line(`super(${superMessage(name, own, message, imports)});`);
      if (message !== undefined && message.requiredness !== "required") {
        w.line(`${imports.value("rememberSummary")}(this, ${args}.message);`);
      }
      for (const field of own) w.line(`this.${field.name} = ${args}.${field.name};`);
    });
    w.line("}");
  });
  w.line();
  emitCodec(w, idl, imports, {
    name: `${binding}Codec`,
    exported: true,
    type: binding,
    structName: name,
    kind: "exception",
    fields,
  });
}

function superMessage(name: string, own: readonly Field[], message: Field | undefined, imports: Imports): string {
  const args = imports.local("args");
  // A required message is always given: no summary is built (nor `summarize` imported).
  if (message?.requiredness === "required") return `${args}.message`;
  let summary = JSON.stringify(name);
  if (own.length > 0) {
    const fields = own.map((field) => `${field.name}: ${args}.${field.name}`).join(", ");
    summary = `${imports.value("summarize")}("${name}", { ${fields} })`;
  }
  return message === undefined ? summary : `${args}.message ?? ${summary}`;
}
