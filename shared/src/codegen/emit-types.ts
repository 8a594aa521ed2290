// Enums, typedefs, consts, structs, unions and exceptions: their TypeScript
// declarations and, for the struct-likes, their codecs.
import { emitCodec } from "./emit-codec";
import { constValue } from "./emit-values";
import type { Imports } from "./imports";
import type { ConstDefinition, EnumDefinition, Field, Idl, StructDefinition, TypedefDefinition } from "./model";
import { member, optional, tsType } from "./ts-type";
import type { CodeWriter } from "./writer";

export function emitEnum(w: CodeWriter, definition: EnumDefinition): void {
  w.doc(definition.doc);
  w.block(`export enum ${definition.name} {`, () => {
    for (const { doc, name, value } of definition.members) {
      w.doc(doc);
      w.line(`${name} = ${value},`);
    }
  });
}

export function emitTypedef(w: CodeWriter, definition: TypedefDefinition): void {
  w.doc(definition.doc);
  w.line(`export type ${definition.name} = ${tsType(definition.type)};`);
}

export function emitConst(w: CodeWriter, idl: Idl, definition: ConstDefinition): void {
  w.doc(definition.doc);
  const value = constValue(idl, definition.value, definition.type, definition.name);
  w.line(`export const ${definition.name}: ${tsType(definition.type)} = ${value};`);
}

/** A struct or union: an interface of its fields and its codec. */
export function emitStruct(w: CodeWriter, idl: Idl, imports: Imports, definition: StructDefinition): void {
  w.doc(definition.kind === "union" ? [...definition.doc, "Exactly one field is set."] : definition.doc);
  w.block(`export interface ${definition.name} {`, () => {
    for (const field of definition.fields) {
      w.doc(field.doc);
      w.line(`${member(field)};`);
    }
  });
  w.line();
  emitCodec(w, idl, imports, {
    name: `${definition.name}Codec`,
    exported: true,
    type: definition.name,
    structName: definition.name,
    kind: definition.kind === "union" ? "union" : "struct",
    fields: definition.fields,
  });
}

/**
 * An exception: a real `Error` subclass, so handlers throw it and callers catch it
 * with `instanceof`, and its codec. Its message is the IDL `message` field when
 * there is one, else a summary of the fields.
 */
export function emitException(w: CodeWriter, idl: Idl, imports: Imports, definition: StructDefinition): void {
  const { name, fields } = definition;
  // `message` is Error's own property: set through super(), not redeclared.
  const own = fields.filter((field) => field.name !== "message");
  const message = fields.find((field) => field.name === "message");
  w.doc(definition.doc);
  w.block(`export class ${name} extends Error {`, () => {
    w.line(`override readonly name = "${name}";`);
    for (const field of own) {
      w.doc(field.doc);
      w.line(`${member(field)};`);
    }
    // Without fields, Error's own constructor serves.
    if (fields.length === 0) return;
    w.line();
    w.object("constructor(args: ", fields.map(member), ";", fields.every(optional) ? " = {}) {" : ") {");
    w.indent(() => {
      w.line(`super(${superMessage(name, own, message, imports)});`);
      for (const field of own) w.line(`this.${field.name} = args.${field.name};`);
    });
    w.line("}");
  });
  w.line();
  emitCodec(w, idl, imports, {
    name: `${name}Codec`,
    exported: true,
    type: name,
    structName: name,
    kind: "exception",
    fields,
  });
}

function superMessage(name: string, own: readonly Field[], message: Field | undefined, imports: Imports): string {
  let summary = JSON.stringify(name);
  if (own.length > 0) {
    imports.useValue("summarize");
    summary = `summarize("${name}", { ${own.map((field) => `${field.name}: args.${field.name}`).join(", ")} })`;
  }
  if (message === undefined) return summary;
  return message.requiredness === "required" ? "args.message" : `args.message ?? ${summary}`;
}
